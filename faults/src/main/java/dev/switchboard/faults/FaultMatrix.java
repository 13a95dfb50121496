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
 * bench/bench.sh faults [--connections 200] [--rates 0,0.05,0.2] [--seed 28]
 * </pre>
 */
public final class FaultMatrix {
    private FaultMatrix() {
    }

    public static void main(String[] args) throws Exception {
        int connections = 200;
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
                default -> {
                    System.err.println("usage: bench/bench.sh faults [--connections N] [--rates 0,0.05,0.2] [--seed S]");
                    System.exit(2);
                }
            }
        }
        List<Report> reports = run(connections, rates, seed);
        System.out.println();
        reports.forEach(r -> System.out.println(r.text()));
        System.exit(0);
    }

    /** Runs the matrix; the reports in the order of {@code rates}. */
    public static List<Report> run(int connections, List<Double> rates, long seed) throws Exception {
        Path root = Path.of(System.getProperty("switchboard.root", ".")).toAbsolutePath().normalize();
        List<Report> reports = new ArrayList<>();
        try (FaultRun run = FaultRun.start(Blueprint.reference(Environments.resolve("dev", Map.of())), root)) {
            for (double rate : rates) {
                reports.add(run.run(rate == 0 ? FaultPlan.none() : FaultPlan.of(rate, FaultPlan.ALL, seed), connections));
            }
        }
        return reports;
    }
}
