package dev.switchboard.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.devkit.DynaliteProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The soak ({@code bench/bench.sh soak}, BENCHMARKS.md): many connections held for a long time with churn, on the
 * local AWS API ({@link LocalServer}) and on the reference Worker in workerd ({@link PlatformServer}), each started as
 * its own process as a user would; a leak shows as resident memory or file descriptors that keep climbing, or as table
 * items left behind. What it runs is {@link SoakOptions}; one target is {@link SoakRun}.
 *
 * <p>Per target, the result holds: {@code samples} (the series, {@link SoakSample}); {@code rss} and {@code fds}
 * ({@link Flatness} verdicts); {@code reconnections} (completed: handshake, join, every send acked),
 * {@code reconnectFailures}, {@code reconnectsSkipped}; for the local API {@code after.*} (the table against the open
 * connections once the churn stopped) and {@code afterClose.itemsBesideCountBuckets}; for both {@code roomsChecked} and
 * {@code roomsMismatched} (the server's room counts against the open connections); {@code error} if it failed.
 * The results are also written to {@code bench/target/results/soak.json} ({@code soak-TARGET.json} with
 * {@code --only TARGET}, so that the two targets can run at once without one overwriting the other).
 */
public final class SoakBenchmark {
    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SoakOptions o = SoakOptions.parse(args);
        Map<String, Map<String, Object>> results = run(o);
        System.out.println();
        System.out.print(SoakReport.report(results, o));
        String file = o.only() == null ? "soak.json" : "soak-" + o.only() + ".json";
        Path out = DynaliteProcess.projectRoot().resolve("bench/target/results/" + file);
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
        System.out.println("results: " + out);
    }

    /** Runs the soak on each target in turn (both unless {@code o.only()} names one). */
    static Map<String, Map<String, Object>> run(SoakOptions o) throws Exception {
        Path root = DynaliteProcess.projectRoot();
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        if (o.only() == null || o.only().equals("local")) {
            results.put("switchboard local", soak(o, () -> LocalServer.start(root)));
        }
        if (o.only() == null || o.only().equals("cloudflare")) {
            results.put("workerd (Cloudflare)", soak(o, () -> PlatformServer.start(root, "cloudflare")));
        }
        return results;
    }

    private interface Starter {
        Server start() throws Exception;
    }

    private static Map<String, Object> soak(SoakOptions o, Starter starter) {
        try (Server s = starter.start()) {
            System.out.println(s.name() + ": soak at " + s.url());
            Map<String, Object> r = new SoakRun(s, o).run();
            if (!s.alive()) {
                r.put("error", s.name() + " exited during the soak; its last output:\n" + s.output());
            }
            return r;
        } catch (Exception e) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("error", e.toString());
            return r;
        }
    }
}
