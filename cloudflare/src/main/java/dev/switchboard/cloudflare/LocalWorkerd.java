package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.Watchdog;
import dev.switchboard.jsplatforms.Repo;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.jsplatforms.WorkerdConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The Worker running in workerd on 127.0.0.1: renders the blueprint into a configuration in a temporary directory,
 * starts npm {@code workerd} and waits until it listens. {@link #close} stops it and deletes the directory (and the
 * Durable Objects' files unless they live in a directory of the caller's).
 *
 * <p>workerd never outlives the JVM that started it, however that JVM ends: it runs under devkit's {@link Watchdog},
 * which ends with workerd's exit code when workerd ends by itself.
 */
public final class LocalWorkerd implements AutoCloseable {
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
        int p = port == 0 ? Watchdog.freePort() : port;
        Path work;
        try {
            work = Files.createTempDirectory("switchboard-workerd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path storage = dataDir != null ? dataDir.toAbsolutePath() : work.resolve("durable-objects");
        Path file = new WorkerdConfig(repo.workerDir(), repo.webDir(), repo.clientsDir(), storage, "127.0.0.1:" + p,
                settings, secret).write(work);
        ProcessBuilder pb = new ProcessBuilder(Watchdog.command(workerd.toString(), List.of("serve", file.toString())));
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
            Watchdog.awaitListening(proc, p, "workerd", Duration.ofSeconds(15));
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
        Watchdog.stop(process); // the watchdog stops workerd and exits
        deleteTree(work);
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
