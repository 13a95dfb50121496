package dev.switchboard.azure;

import static dev.switchboard.devkit.CliArgs.integer;
import static dev.switchboard.devkit.CliArgs.value;

import dev.switchboard.azure.function.LocalAzure;
import dev.switchboard.devkit.DevSecret;
import dev.switchboard.devkit.DevTokenEndpoint;
import dev.switchboard.devkit.DevTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * {@code ./switchboard local --platform azure}: the protocol on Azure Web PubSub on this machine ({@link LocalAzure}):
 * the local Web PubSub emulation, the deployed function class behind a local Functions host as its event handler, and
 * Azurite's Table service for its state, started together and stopped together (no orphans: Azurite ends with this
 * JVM). Prints the same banner lines as the other local platforms ({@code websocket:}, {@code token:}); tokens are
 * checked with the data directory's dev secret, and {@code chat page:}, the chat page on the emulation's port, as {@code ./switchboard token} signs them, unless
 * {@code --jwt-secret} names another. With {@code --event-handler URL} it runs the emulation alone with your own
 * handler instead ({@link dev.switchboard.azure.webpubsub.LocalMain}). Exit codes: 0 ok, 2 bad usage, 1 failure.
 */
public final class LocalMain {
    static final String USAGE = String.join("\n",
            "usage: switchboard local --platform azure [--port 8080] [--hub switchboard] [--jwt-secret S]",
            "       switchboard local --platform azure --event-handler URL [--port 8080] [--hub switchboard]",
            "  the first runs Switchboard on a local Azure Web PubSub: the emulation, the Java function as its event",
            "  handler, and Azurite's Table service (docs/azure.md); the second runs the emulation alone, sending the",
            "  hub's events to your own handler (azure/README.md)");

    private LocalMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--event-handler")) {
            dev.switchboard.azure.webpubsub.LocalMain.main(args);
            return;
        }
        LocalAzure azure;
        try {
            azure = start(args);
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (azure == null) {
            System.exit(0);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            azure.close();
            stopped.countDown();
        }, "azure-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses the options, starts the stack and prints the banner; null after {@code --help}. */
    static LocalAzure start(String[] args) {
        int port = 8080;
        String hub = "switchboard";
        String secret = null;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--platform" -> {
                    if (!"azure".equals(value(args, ++i, "--platform"))) {
                        throw new IllegalArgumentException("this entry point runs --platform azure only");
                    }
                }
                case "--port" -> port = integer("--port", value(args, ++i, "--port"));
                case "--hub" -> hub = value(args, ++i, "--hub");
                case "--jwt-secret" -> secret = value(args, ++i, "--jwt-secret");
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return null;
                }
                default -> unknown.add(args[i]);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option '" + unknown.get(0) + "' for local --platform azure");
        }
        if (secret == null) {
            // the same random dev secret as ./switchboard local and token, so their tokens work here
            secret = DevSecret.loadOrCreate(root().resolve(DevSecret.DEFAULT_DIR));
        }
        LocalAzure azure = LocalAzure.start(port, hub, secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                Map.of(), Logger.getLogger("switchboard.azure"));
        String token = new DevTokens(secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token("alice");
        System.out.println("websocket: " + azure.clientUrl());
        System.out.println("token: " + token);
        System.out.println("connection string: " + azure.connectionString());
        System.out.println("chat page: " + azure.pageUrl());
        System.out.println("platform: azure (a local Web PubSub emulation, hub " + hub + "; the function at "
                + azure.eventsUrl() + "; Azurite's Table service; the chat page and " + DevTokenEndpoint.PATH
                + " are this runner's, mounted on the emulation's port: a real Web PubSub serves no page)");
        System.out.flush();
        return azure;
    }

    /** The repository root ({@code -Dswitchboard.root}, else the working directory). */
    static Path root() {
        String r = System.getProperty("switchboard.root");
        return Path.of(r != null && !r.isBlank() ? r : ".").toAbsolutePath().normalize();
    }
}
