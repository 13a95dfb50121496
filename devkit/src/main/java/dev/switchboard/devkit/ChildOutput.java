package dev.switchboard.devkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * What a child server process prints, read on a daemon thread: the port it announces on a line starting with a given
 * prefix (the wrappers of {@link DynaliteProcess} and Azurite's print the port the operating system gave them), and
 * the last {@value #KEPT} other lines, for the error message when it does not start.
 */
public final class ChildOutput {
    /** How many of the child's last lines are kept. */
    public static final int KEPT = 50;

    private final Deque<String> lines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ChildOutput() {
    }

    /** Starts reading {@code p}'s output on a daemon thread named {@code name + "-output"}. */
    public static ChildOutput read(Process p, String portPrefix, String name) {
        ChildOutput out = new ChildOutput();
        Thread reader = new Thread(() -> out.pump(p, portPrefix, name), name + "-output");
        reader.setDaemon(true);
        reader.start();
        return out;
    }

    /** The announced port; completes exceptionally when the child ends without announcing it. */
    public CompletableFuture<Integer> port() {
        return port;
    }

    /** The last lines, joined with {@code " | "}, or {@code (none)}. */
    public String tail() {
        synchronized (lines) {
            return lines.isEmpty() ? "(none)" : String.join(" | ", lines);
        }
    }

    private void pump(Process p, String portPrefix, String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!port.isDone() && line.startsWith(portPrefix)) {
                    port.complete(Integer.parseInt(line.substring(portPrefix.length()).trim()));
                    continue;
                }
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > KEPT) {
                        lines.removeFirst();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException(name + " exited before it listened"));
    }
}
