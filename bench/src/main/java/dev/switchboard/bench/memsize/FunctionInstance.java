package dev.switchboard.bench.memsize;

import dev.switchboard.devkit.Watchdog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Lambda function instance at one memory size: an {@link InvocationChild} JVM with the runtime's flags for that
 * size ({@link LambdaJvm}), inside a {@link CpuCgroup} with the size's CPU quota, under devkit's {@link Watchdog} (so
 * that it never outlives this JVM). The child is stopped and the group removed on every way out of {@link #run}: a
 * result, a failure, a timeout, an interrupt; and by a shutdown hook when this JVM is stopped meanwhile (Ctrl-C).
 */
final class FunctionInstance {
    private static volatile Runnable cleanup;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Runnable c = cleanup;
            if (c != null) {
                c.run();
            }
        }, "memsize-cleanup"));
    }

    /** What the child needs: its classpath, the function's environment, the event file and the function's timeout. */
    record Function(String route, String handlerClass, Map<String, String> environment, Path eventFile,
                    int timeoutSeconds) {
    }

    private FunctionInstance() {
    }

    static SizeResult run(Function fn, int memoryMb, MemSizeOptions options, String classpath) throws IOException {
        CpuCgroup group = CpuCgroup.create(memoryMb, options.periodUs());
        Process[] child = new Process[1];
        Runnable stop = () -> {
            Watchdog.stop(child[0]);
            try {
                group.close();
            } catch (IOException e) {
                System.err.println("memory-size: " + e.getMessage());
            }
        };
        cleanup = stop;
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(LambdaJvm.flags(memoryMb));
            command.addAll(List.of("-cp", classpath, InvocationChild.class.getName(), fn.handlerClass(),
                    fn.eventFile().toString(), Integer.toString(options.invocations()),
                    Integer.toString(fn.timeoutSeconds()), Integer.toString(memoryMb)));
            List<String> wrapped = group.wrap(command);
            ProcessBuilder pb = new ProcessBuilder(Watchdog.command(wrapped.get(0), wrapped.subList(1, wrapped.size())))
                    .redirectErrorStream(true);
            pb.environment().putAll(fn.environment());
            pb.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
            child[0] = pb.start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> read(child[0], lines), "memsize-child-output");
            reader.setDaemon(true);
            reader.start();
            if (!child[0].waitFor(options.timeoutSeconds(), TimeUnit.SECONDS)) {
                return SizeResult.failed(fn.route(), memoryMb, "no result within " + options.timeoutSeconds()
                        + " s (--timeout-s)");
            }
            reader.join(5000);
            return parse(fn.route(), memoryMb, options.warmup(), lines, group.throttledPeriods());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SizeResult.failed(fn.route(), memoryMb, "interrupted");
        } finally {
            stop.run();
            cleanup = null;
        }
    }

    private static void read(Process p, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("output lost: " + e.getMessage());
        }
    }

    static SizeResult parse(String route, int memoryMb, int warmup, List<String> lines, long throttled) {
        synchronized (lines) {
            for (String line : lines) {
                if (line.startsWith("RESULT ")) {
                    double[] durations = Arrays.stream(field(line, "durationsMs").split(","))
                            .mapToDouble(Double::parseDouble).toArray();
                    return new SizeResult(route, memoryMb, Double.parseDouble(field(line, "initMs")), durations,
                            warmup, Long.parseLong(field(line, "peakRssKb")), throttled, null);
                }
            }
            String failed = lines.stream().filter(l -> l.startsWith("FAILED ")).findFirst()
                    .map(l -> l.substring("FAILED ".length()))
                    .orElse(String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            return SizeResult.failed(route, memoryMb, failed.isEmpty() ? "the child printed nothing" : failed);
        }
    }

    private static String field(String line, String name) {
        int i = line.indexOf(" " + name + "=") + name.length() + 2;
        int end = line.indexOf(' ', i);
        return line.substring(i, end < 0 ? line.length() : end);
    }
}
