package dev.switchboard.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server child process (workerd, redis-server) that never outlives the JVM that started it, however that JVM ends
 * (a test JVM killed by a timeout, a launcher killed with SIGKILL): it runs under a small {@code node -e} watchdog
 * ({@link #SCRIPT}) that holds the JVM's end of a pipe as its stdin and stops the server when that pipe closes, which
 * the kernel does when the JVM dies. {@link DynaliteProcess} does the same inside its own wrapper.
 *
 * <p>Defaults: the {@code node} executable is taken from the PATH unless the system property {@code switchboard.node}
 * names one; {@link #stop} waits 10 s for the watchdog before it kills the process tree.
 */
public final class Watchdog {
    /**
     * The watchdog: runs argv[1..] with stdin closed and stdout/stderr shared and mirrors its exit; stops it (SIGTERM,
     * SIGKILL after 5 s) when its own stdin ends or errors or when it gets SIGTERM, SIGINT or SIGHUP, and exits once
     * it has ended.
     */
    public static final String SCRIPT = String.join("\n",
            "const { spawn } = require('node:child_process');",
            "const [bin, ...args] = process.argv.slice(1);",
            "const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });",
            "const stop = () => {",
            "  try { child.kill('SIGTERM'); } catch (e) {}",
            "  setTimeout(() => { try { child.kill('SIGKILL'); } catch (e) {} process.exit(137); }, 5000);",
            "};",
            "child.on('error', (e) => { console.error('cannot start ' + bin + ': ' + e.message); process.exit(127); });",
            "child.on('exit', (code, signal) => process.exit(code === null ? 128 : code));",
            "for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, stop);",
            "process.stdin.on('end', stop);",
            "process.stdin.on('error', stop);",
            "process.stdin.resume();");

    private Watchdog() {
    }

    /** The command that runs {@code bin} with {@code args} under the watchdog. */
    public static List<String> command(String bin, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(node(), "-e", SCRIPT, bin));
        cmd.addAll(args);
        return cmd;
    }

    /** The {@code node} executable: the system property {@code switchboard.node}, else {@code node} from the PATH. */
    public static String node() {
        return System.getProperty("switchboard.node", "node");
    }

    /**
     * Stops a watched process (or any child whose lifeline is its stdin): closes its stdin, waits up to 10 s for it
     * to end, then kills it and its descendants. A null process is ignored.
     */
    public static void stop(Process p) {
        if (p == null) {
            return;
        }
        try {
            p.getOutputStream().close(); // the lifeline: the process stops what it runs and exits
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until something accepts connections on 127.0.0.1:{@code port}.
     *
     * @throws IllegalStateException naming {@code what} if {@code p} ends first or nothing listens within
     *                               {@code timeout}
     */
    public static void awaitListening(Process p, int port, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(what + " exited with " + p.exitValue() + " (see its output)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException(what + " did not listen on 127.0.0.1:" + port + " within "
                + timeout.toSeconds() + " s");
    }

    /** A port that was free a moment ago, for a server that cannot be told to take port 0 and report it. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
