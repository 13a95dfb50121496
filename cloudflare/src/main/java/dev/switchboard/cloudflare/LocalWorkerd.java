package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.devkit.DevTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Worker running in workerd on 127.0.0.1: renders the blueprint into a configuration in a temporary directory,
 * starts npm {@code workerd} and waits until it listens. {@link #close} stops it and deletes the directory (and the
 * Durable Objects' files unless they live in a directory of the caller's).
 *
 * <p>workerd never outlives the JVM that started it, however that JVM ends (a test JVM killed by a timeout, the
 * launcher killed with SIGKILL): it runs under a small {@code node -e} watchdog, as devkit's {@code DynaliteProcess}
 * runs dynalite, that holds the JVM's end of a pipe as its stdin and stops workerd when that pipe closes, which the
 * kernel does when the JVM dies. The watchdog ends with workerd's exit code when workerd ends by itself. The
 * {@code node} executable is taken from the PATH unless the system property {@code switchboard.node} names one.
 */
public final class LocalWorkerd implements AutoCloseable {
    /**
     * The watchdog: runs argv[1..] with stdin closed and stdout/stderr shared and mirrors its exit; stops it (SIGTERM,
     * SIGKILL after 5 s) when its own stdin ends or errors or when it gets SIGTERM, SIGINT or SIGHUP, and exits once
     * it has ended.
     */
    public static final String WATCHDOG = String.join("\n",
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

    private final Process process;
    private final Path work;
    private final int port;
    private final Path config;
    private final String stage;

    private LocalWorkerd(Process process, Path work, int port, Path config, String stage) {
        this.process = process;
        this.work = work;
        this.port = port;
        this.config = config;
        this.stage = stage;
    }

    /**
     * Starts the Worker for {@code b} with dev tokens and the chat page.
     *
     * @param port     the port, 0 for any free one
     * @param secret   the HS256 secret
     * @param dataDir  where the Durable Objects' SQLite files go, or null for the temporary directory
     * @param shards   connection shards
     * @param inherit  whether workerd's output goes to this process's (the launcher) or is discarded (tests)
     */
    public static LocalWorkerd start(Repo repo, Blueprint b, int port, String secret, Path dataDir, int shards,
                                     boolean inherit) {
        Path workerd = repo.workerd();
        String settings = WorkerSettings.json(WorkerSettings.render(b, DevTokens.DEFAULT_ISSUER,
                DevTokens.DEFAULT_AUDIENCE, null, shards, true));
        int p = port == 0 ? freePort() : port;
        Path work;
        try {
            work = Files.createTempDirectory("switchboard-workerd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path storage = dataDir != null ? dataDir.toAbsolutePath() : work.resolve("durable-objects");
        Path file = new WorkerdConfig(repo.workerDir(), repo.webDir(), repo.clientsDir(), storage, "127.0.0.1:" + p,
                settings, secret).write(work);
        ProcessBuilder pb = new ProcessBuilder(List.of(System.getProperty("switchboard.node", "node"), "-e",
                WATCHDOG, workerd.toString(), "serve", file.toString()));
        // stdin stays a pipe from this JVM: the watchdog's lifeline
        if (inherit) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            deleteTree(work);
            throw new IllegalStateException("cannot start node (is Node 20+ on the PATH?) to run " + workerd + ": "
                    + e.getMessage(), e);
        }
        LocalWorkerd w = new LocalWorkerd(proc, work, p, file, b.environment().name());
        try {
            awaitListening(proc, p);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    public int port() {
        return port;
    }

    public Path config() {
        return config;
    }

    public String websocketUrl() {
        return "ws://127.0.0.1:" + port + "/" + stage;
    }

    public String pageUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Waits for workerd to end; its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** The watchdog process (workerd is its child). */
    Process process() {
        return process;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the watchdog stops workerd and exits
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(work);
    }

    /** Waits until workerd accepts connections on {@code port} (15 s at most). */
    static void awaitListening(Process p, int port) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("workerd exited with " + p.exitValue() + " (see its output)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("workerd did not listen on 127.0.0.1:" + port + " within 15 s");
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
