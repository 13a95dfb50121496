package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Node test driver from {@code azure/src/test/node} run as a child: it prints one JSON object per line and ends
 * when its stdin (a pipe from this JVM) closes, so it never outlives the test. Uses the {@code node} on the PATH unless
 * {@code switchboard.node} names one, and the azure module's own {@code node_modules}.
 */
final class NodeDriver implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private NodeDriver(Process process) {
        this.process = process;
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    try {
                        lines.add(Jwt.JSON.readTree(line));
                    } catch (IOException e) {
                        synchronized (stderr) {
                            stderr.append("stdout: ").append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // the driver ended
            }
        }, "node-driver-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the driver ended
            }
        }, "node-driver-err");
        err.setDaemon(true);
        err.start();
    }

    /** The repository root; Microsoft's clients are in the azure module's own {@code node_modules}. */
    static Path root() {
        Path root = dev.switchboard.devkit.DynaliteProcess.projectRoot();
        if (!Files.isDirectory(root.resolve("azure/node_modules/@azure/web-pubsub-client"))) {
            throw new IllegalStateException("no azure/node_modules/@azure/web-pubsub-client under " + root
                    + ": run 'npm ci' in " + root.resolve("azure"));
        }
        return root;
    }

    static NodeDriver start(String script, String... args) {
        Path root = root();
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("switchboard.node", "node"));
        cmd.add(root.resolve("azure/src/test/node").resolve(script).toString());
        cmd.addAll(List.of(args));
        try {
            return new NodeDriver(new ProcessBuilder(cmd).directory(root.toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line that matches (earlier lines are kept in {@link #seen}); fails after the timeout. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            JsonNode n = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (n == null) {
                throw new AssertionError("the Node driver printed no matching line within " + timeout
                        + "; lines so far: " + seen + "; stderr: " + stderr());
            }
            seen.add(n);
            if (match.test(n)) {
                return n;
            }
        }
    }

    JsonNode await(String event) throws InterruptedException {
        return await(n -> event.equals(n.path("event").asText()), Duration.ofSeconds(10));
    }

    /** Lines not yet awaited, after waiting {@code quiet} for more. */
    List<JsonNode> drain(Duration quiet) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        JsonNode n;
        while ((n = lines.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(n);
        }
        return out;
    }

    /** Every line printed so far, awaited or not, after waiting {@code quiet} for more. */
    List<JsonNode> all(Duration quiet) throws InterruptedException {
        seen.addAll(drain(quiet));
        return List.copyOf(seen);
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
