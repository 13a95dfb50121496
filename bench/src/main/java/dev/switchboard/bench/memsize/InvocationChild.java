package dev.switchboard.bench.memsize;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.bench.cpu.BenchContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * The child of the memory-size benchmark: one Lambda function instance. Like Lambda's runtime it builds the handler
 * with its public no-argument constructor (the function's environment from the process environment), then hands it
 * the same event again and again, one invocation after another, and prints
 * {@code RESULT initMs=.. durationsMs=d1,d2,.. peakRssKb=.. cpus=..}: the constructor's time, each invocation's wall
 * time (the first is the first invocation after init), the process's peak resident set ({@code VmHWM} of
 * {@code /proc/self/status}) and the processors the JVM sees. An invocation whose response is not status 200, or any
 * error (an {@link OutOfMemoryError} on a small memory size), ends it with {@code FAILED <reason>} and exit status 1.
 *
 * <p>Arguments: the handler class, the event file, the number of invocations, the function's timeout in seconds and
 * its memory size in MB (for the Lambda context).
 */
public final class InvocationChild {
    private InvocationChild() {
    }

    public static void main(String[] args) {
        try {
            run(args[0], Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(String handlerClass, Path eventFile, int invocations, int timeoutSeconds, int memoryMb)
            throws Exception {
        byte[] event = Files.readAllBytes(eventFile);
        BenchContext context = new BenchContext(timeoutSeconds, memoryMb);
        long t0 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(handlerClass)
                .getConstructor().newInstance();
        double initMs = (System.nanoTime() - t0) / 1e6;
        StringJoiner durations = new StringJoiner(",");
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        for (int i = 0; i < invocations; i++) {
            out.reset();
            long start = System.nanoTime();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            long end = System.nanoTime();
            String response = out.toString(StandardCharsets.UTF_8);
            if (!response.contains("\"statusCode\":200") || response.contains("\\\"type\\\":\\\"error\\\"")) {
                throw new IllegalStateException("invocation " + (i + 1) + " answered " + response);
            }
            durations.add(String.format(java.util.Locale.ROOT, "%.3f", (end - start) / 1e6));
        }
        System.out.println("RESULT initMs=" + String.format(java.util.Locale.ROOT, "%.3f", initMs)
                + " durationsMs=" + durations + " peakRssKb=" + peakRssKb()
                + " cpus=" + Runtime.getRuntime().availableProcessors());
        System.out.flush();
    }

    private static long peakRssKb() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
    }
}
