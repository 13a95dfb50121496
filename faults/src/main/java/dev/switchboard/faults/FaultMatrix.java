package dev.switchboard.faults;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fault matrix (bench/bench.sh faults): the fault run's workload at several fault rates, every kind of fault, one
 * local API for all of them, and a report per rate.
 *
 * <pre>
 * bench/bench.sh faults [--connections 200] [--rates 0,0.05,0.2] [--seed 28] [--sharded]
 * </pre>
 *
 * <p>{@code --sharded} runs every send through the sharded fan-out (docs/fanout.md): rooms above
 * {@value #SHARDED_THRESHOLD} recipients, {@value #SHARDED_SIZE} a shard, so the workload's rooms of about 10 become
 * three shards each, consumed from ElasticMQ by the fan-out function under the same faults.
 */
public final class FaultMatrix {
    private FaultMatrix() {
    }

    static final int SHARDED_THRESHOLD = 4;
    static final int SHARDED_SIZE = 3;

    public static void main(String[] args) throws Exception {
        int connections = 200;
        boolean sharded = false;
        List<Double> rates = List.of(0.0, 0.05, 0.2);
        long seed = 28;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--rates" -> {
                    List<Double> r = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        r.add(Double.parseDouble(s));
                    }
                    rates = r;
                }
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--sharded" -> sharded = true;
                default -> {
                    System.err.println("usage: bench/bench.sh faults [--connections N] [--rates 0,0.05,0.2] [--seed S]"
                            + " [--sharded]");
                    System.exit(2);
                }
            }
        }
        List<Report> reports = run(connections, rates, seed, sharded);
        System.out.println();
        reports.forEach(r -> System.out.println(r.text()));
        System.exit(0);
    }

    /** Runs the matrix, every send sharded or none; the reports in the order of {@code rates}. */
    public static List<Report> run(int connections, List<Double> rates, long seed, boolean sharded) throws Exception {
        Path root = Path.of(System.getProperty("switchboard.root", ".")).toAbsolutePath().normalize();
        List<Report> reports = new ArrayList<>();
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        if (sharded) {
            b = b.withLimits(b.limits().toBuilder().fanoutShardThreshold(SHARDED_THRESHOLD)
                    .fanoutShardSize(SHARDED_SIZE).build());
        }
        try (FaultRun run = FaultRun.start(b, root)) {
            for (double rate : rates) {
                reports.add(run.run(rate == 0 ? FaultPlan.none() : FaultPlan.of(rate, FaultPlan.ALL, seed), connections));
            }
        }
        return reports;
    }
}
