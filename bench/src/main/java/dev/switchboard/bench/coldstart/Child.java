package dev.switchboard.bench.coldstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the cold-start benchmarks (a JVM on {@link FirstConnect}, {@link StagedInit} or
 * {@link EmptyMain}, or node on {@code bench/peers/onconnect/cold.js}): starts it and times it from
 * {@link ProcessBuilder#start()} to the line it prints once it has handled its event,
 * {@code HANDLED [initMs=..] [firstRequestMs=..] [response]}. The same definition of "handled" for every child.
 */
final class Child {
    /** What one child reported: the parent's wall time, the child's own lines, and the {@code HANDLED} line. */
    record Sample(double wallMs, List<String> lines, String handled) {
        /** A {@code name=value} field of the {@code HANDLED} line, NaN when absent. */
        double field(String name) {
            return Child.field(handled, name + "=");
        }

        /** A {@code name=value} field of the child's line that starts with {@code prefix}, NaN when absent. */
        double field(String prefix, String name) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> Child.field(l, name + "=")).orElse(Double.NaN);
        }
    }

    private Child() {
    }

    /**
     * Runs {@code command} with {@code env} added to this process's environment. Throws unless the child prints
     * {@code HANDLED} within 30 s with, when it prints a response, status 200 ({@code "statusCode":200}).
     */
    static Sample run(String name, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        String handled = null;
        double wall = 0;
        List<String> lines = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("HANDLED")) {
                    wall = (System.nanoTime() - start) / 1e6;
                    handled = line;
                    break;
                }
                lines.add(line);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (handled == null || (handled.contains("statusCode") && !handled.contains("\"statusCode\":200"))) {
            throw new IllegalStateException(name + ": the child did not handle $connect: " + handled + "\n"
                    + String.join("\n", lines));
        }
        return new Sample(wall, lines, handled);
    }

    static double field(String line, String name) {
        int i = line.indexOf(name);
        if (i < 0) {
            return Double.NaN;
        }
        int end = line.indexOf(' ', i);
        return Double.parseDouble(line.substring(i + name.length(), end < 0 ? line.length() : end));
    }

    static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
