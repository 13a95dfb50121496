package dev.switchboard.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A WebSocket server under test, running as a child process tree; closing it ends the whole tree. */
abstract class Server implements AutoCloseable {
    private Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();

    /** Short name in the results. */
    abstract String name();

    /** The {@code ws://127.0.0.1:PORT/...} URL clients connect to (without query). */
    abstract String url();

    /** The endpoint of the dynalite that holds the server's table ({@link dev.switchboard.devkit.OperationCounts}). */
    abstract java.net.URI dynamoEndpoint();

    /** Starts {@code pb} and waits until {@code ready} maps one of its output lines to a non-null value. */
    protected String launch(ProcessBuilder pb, Function<String, String> ready, long timeoutSeconds)
            throws IOException, InterruptedException {
        process = pb.redirectErrorStream(true).start();
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > 40) {
                            lastLines.removeFirst();
                        }
                    }
                    String v = ready.apply(line);
                    if (v != null) {
                        found.complete(v);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            found.completeExceptionally(new IllegalStateException(name() + " exited before it was ready"));
        }, name() + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return found.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException(name() + " did not start: " + e.getMessage() + "\n" + output(), e);
        }
    }

    /** The last lines the server printed. */
    String output() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Whether the server is still running. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
