package dev.switchboard.probe;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./switchboard probe --url URL [--management-url URL] [--region R] [--members N] [--junit FILE] [--json]}:
 * one line per case, the closing {@code N passed, N failed} line, exit status 1 on any failure, 2 on bad options
 * (docs/probe.md).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ProbeOptions options;
        Probe probe;
        try {
            options = ProbeOptions.parse(args);
            probe = Probe.fromEnvironment(options, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("switchboard probe: " + e.getMessage());
            return 2;
        }
        long start = System.nanoTime();
        try {
            List<Result> results = probe.run(r -> {
                if (!options.json()) {
                    out.println(r.line());
                }
            });
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            if (options.junit() != null) {
                Report.writeJunit(options.junit(), results, total);
            }
            out.println(options.json() ? Report.json(results, total) : Report.summary(results));
            return Report.count(results, Result.Status.FAILED) > 0 ? 1 : 0;
        } catch (IllegalArgumentException e) {
            err.println("switchboard probe: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("switchboard probe: " + e);
            return 1;
        }
    }
}
