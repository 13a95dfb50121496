package dev.switchboard.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./switchboard probe --url URL [--management-url URL] [--region R] [--members N] [--junit FILE] [--json]}:
 * one line per case, the closing {@code N passed, N failed} line, exit status 1 on any failure, 2 on bad options
 * (docs/probe.md); {@code --help} prints the options and exits 0.
 */
public final class Main {
    /** The options, from usage.txt beside this class (the launcher prints the same file for --help). */
    static final String USAGE = usage();

    private Main() {
    }

    private static String usage() {
        try (InputStream in = Main.class.getResourceAsStream("usage.txt")) {
            return in == null ? "usage: ./switchboard probe --url URL (docs/probe.md)"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
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
