package dev.switchboard.vercel;

import static dev.switchboard.devkit.CliArgs.integer;
import static dev.switchboard.devkit.CliArgs.value;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevSecret;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.VercelSettings;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ./switchboard local --platform vercel}: runs the {@code dev} blueprint's function under Node on 127.0.0.1,
 * {@link LocalVercel#DEFAULT_INSTANCES} instances behind one port with a real redis-server, and prints the same banner
 * lines as the other local platforms ({@code websocket:}, {@code token:}). Exit codes: 0 ok, 2 bad usage, 1 failure
 * to start.
 */
public final class LocalMain {
    static final String USAGE = String.join("\n",
            "usage: switchboard local --platform vercel [--port 8080] [--jwt-secret S] [--max-duration 300s]"
                    + " [--instances 2]",
            "  runs the Vercel function under Node on 127.0.0.1: several instances behind one port (each connection",
            "  pinned to one, round-robin) and redis-server on a free port; --max-duration is when the server closes",
            "  a connection (whole seconds: 90s, 5m; default 300s, Vercel's default maximum duration)");

    private LocalMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) {
        int port = 8080;
        String secret = null;
        Duration maxDuration = VercelSettings.DEFAULT_MAX_DURATION;
        int instances = LocalVercel.DEFAULT_INSTANCES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--platform" -> {
                    if (!"vercel".equals(value(args, ++i, "--platform"))) {
                        throw new IllegalArgumentException("this entry point runs --platform vercel only");
                    }
                }
                case "--port" -> port = integer("--port", value(args, ++i, "--port"));
                case "--jwt-secret" -> secret = value(args, ++i, "--jwt-secret");
                case "--max-duration" -> maxDuration = seconds("--max-duration", value(args, ++i, "--max-duration"));
                case "--instances" -> instances = integer("--instances", value(args, ++i, "--instances"));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for local"
                        + " --platform vercel");
            }
        }
        Path root = root();
        if (secret == null) {
            // the same random dev secret as ./switchboard local and token, so their tokens work here
            secret = DevSecret.loadOrCreate(root.resolve(DevSecret.DEFAULT_DIR));
        }
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        LocalVercel v = LocalVercel.start(root, b, port, secret, maxDuration, instances, true);
        Runtime.getRuntime().addShutdownHook(new Thread(v::close, "vercel-stop"));
        String token = new DevTokens(secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token("alice");
        System.out.println("websocket: " + v.websocketUrl());
        System.out.println("token: " + token);
        System.out.println("chat page: http://127.0.0.1:" + v.port() + "/");
        System.out.println("platform: vercel (" + instances + " instances on ports " + v.instancePorts()
                + ", redis-server on port " + v.redisPort() + ", connections closed after " + maxDuration.toSeconds()
                + " s)");
        System.out.flush();
        try {
            return v.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The repository root ({@code -Dswitchboard.root}, else the working directory). */
    static Path root() {
        String r = System.getProperty("switchboard.root");
        Path root = Path.of(r != null && !r.isBlank() ? r : ".").toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("vercel/src/function"))) {
            throw new IllegalStateException("no vercel/src/function under " + root
                    + ": run from the repository root or set -Dswitchboard.root");
        }
        return root;
    }

    /** {@code 90s} or {@code 5m}: whole seconds, the unit Vercel's maximum duration is set in. */
    static Duration seconds(String flag, String v) {
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            if (n > 0 && v.endsWith("s")) {
                return Duration.ofSeconds(n);
            }
            if (n > 0 && v.endsWith("m")) {
                return Duration.ofMinutes(n);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " '" + v + "' is not a duration in whole seconds or minutes"
                + " (e.g. 90s, 5m)");
    }
}
