package dev.switchboard.cloudflare;

import static dev.switchboard.devkit.CliArgs.integer;
import static dev.switchboard.devkit.CliArgs.value;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevSecret;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.Repo;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code ./switchboard local --platform cloudflare}: runs the {@code dev} blueprint's Worker in workerd (from
 * node_modules) on 127.0.0.1 and prints the same banner lines as the local AWS emulation ({@code websocket:},
 * {@code token:}, {@code chat page:}). Exit codes: 0 ok, 2 bad usage, 1 failure to start.
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
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for local"
                        + " --platform cloudflare");
            }
        }
        if (secret == null) {
            // random per data directory, the same file ./switchboard local and ./switchboard token use
            secret = DevSecret.loadOrCreate(dataDir != null ? dataDir : Repo.locate().root().resolve(DevSecret.DEFAULT_DIR));
        }
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        LocalWorkerd w = LocalWorkerd.start(Repo.locate(), b, port, secret, dataDir, shards, true);
        Runtime.getRuntime().addShutdownHook(new Thread(w::close, "workerd-stop"));
        String token = new DevTokens(secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token("alice");
        System.out.println("websocket: " + w.websocketUrl());
        System.out.println("token: " + token);
        System.out.println("chat page: " + w.pageUrl());
        System.out.println("platform: cloudflare (workerd, config " + w.config() + ")");
        System.out.flush();
        try {
            return w.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
