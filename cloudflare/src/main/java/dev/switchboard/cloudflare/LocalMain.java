package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code ./switchboard local --platform cloudflare}: renders the {@code dev} blueprint into a workerd configuration,
 * runs the Worker in workerd (from node_modules) on 127.0.0.1 and prints the same banner lines as the local AWS
 * emulation ({@code websocket:}, {@code token:}, {@code chat page:}). Exit codes: 0 ok, 2 bad usage, 1 failure.
 */
public final class LocalMain {
    static final String USAGE = String.join("\n",
            "usage: switchboard local --platform cloudflare [--port 8080] [--jwt-secret S] [--data-dir DIR]"
                    + " [--shards 4]",
            "  runs the Worker in workerd on 127.0.0.1 (port 0 = any free port; Durable Objects' SQLite files in a",
            "  temporary directory unless --data-dir)");
    /** Connection shards locally: more than one, so a local run crosses shards as a deployment does. */
    static final int LOCAL_SHARDS = 4;

    private LocalMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] args) {
        int port = 8080;
        String secret = DevTokens.DEV_SECRET;
        Path dataDir = null;
        int shards = LOCAL_SHARDS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--platform" -> {
                    if (!"cloudflare".equals(value(args, ++i, "--platform"))) {
                        throw new IllegalArgumentException("this entry point runs --platform cloudflare only");
                    }
                }
                case "--port" -> port = integer("--port", value(args, ++i, "--port"));
                case "--jwt-secret" -> secret = value(args, ++i, "--jwt-secret");
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--shards" -> shards = integer("--shards", value(args, ++i, "--shards"));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for local"
                        + " --platform cloudflare");
            }
        }
        Repo repo = Repo.locate();
        Path workerd = repo.workerd();
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        String settings = WorkerSettings.json(WorkerSettings.render(b, DevTokens.DEFAULT_ISSUER,
                DevTokens.DEFAULT_AUDIENCE, null, shards, true));
        if (port == 0) {
            port = freePort();
        }
        Path work = tempDir();
        Path storage = dataDir != null ? dataDir.toAbsolutePath() : work.resolve("durable-objects");
        WorkerdConfig config = new WorkerdConfig(repo.workerDir(), repo.webDir(), storage, "127.0.0.1:" + port,
                settings, secret);
        Path file = config.write(work);
        Process p;
        try {
            p = new ProcessBuilder(workerd.toString(), "serve", file.toString()).inheritIO().start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + workerd + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.destroy();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(work);
        }, "workerd-stop"));
        awaitListening(p, port);
        String token = new DevTokens(secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token("alice");
        System.out.println("websocket: ws://127.0.0.1:" + port + "/" + b.environment().name());
        System.out.println("token: " + token);
        System.out.println("chat page: http://127.0.0.1:" + port + "/");
        System.out.println("platform: cloudflare (workerd " + workerd + ", config " + file + ")");
        System.out.flush();
        try {
            System.exit(p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until workerd accepts connections on {@code port} (15 s at most). */
    static void awaitListening(Process p, int port) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("workerd exited with " + p.exitValue() + " (see its output above)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        p.destroy();
        throw new IllegalStateException("workerd did not listen on 127.0.0.1:" + port + " within 15 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the run's configuration and, unless --data-dir moved them elsewhere, its Durable Objects. */
    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temporary directory
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("switchboard-workerd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + v + "' is not a number");
        }
    }
}
