package dev.switchboard.azure.webpubsub;

import static dev.switchboard.devkit.CliArgs.integer;
import static dev.switchboard.devkit.CliArgs.value;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./switchboard local --platform azure}: starts the local Web PubSub ({@link LocalWebPubSub}) on 127.0.0.1
 * with one hub and prints its endpoint, connection string and a client URL with a token for user {@code alice}
 * (valid 1 h). With {@code --event-handler URL} the hub sends every system and user event to that URL and allows
 * anonymous connect (the handler authenticates on {@code connect}); without it clients need the printed token. This
 * is the emulation alone, for your own event handler ({@code ./switchboard local --platform azure --event-handler
 * URL}); {@link dev.switchboard.azure.LocalMain} runs the Switchboard function behind it. Exit codes: 0 ok, 2 bad
 * usage, 1 failure to start.
 */
public final class LocalMain {
    /** The hub unless {@code --hub} names another. */
    static final String DEFAULT_HUB = "switchboard";

    static final String USAGE = String.join("\n",
            "usage: switchboard local --platform azure [--port 8080] [--hub switchboard] [--event-handler URL]",
            "  runs a local Azure Web PubSub emulation on 127.0.0.1 (azure/README.md): the client endpoint, the",
            "  REST API the server SDKs call, and CloudEvents to --event-handler (a URL template; {hub} and {event}",
            "  are replaced) for every system and user event of the hub");

    private LocalMain() {
    }

    public static void main(String[] args) {
        LocalWebPubSub wps;
        try {
            wps = start(args, System.out);
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
        if (wps == null) {
            System.exit(0);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            wps.close();
            stopped.countDown();
        }, "web-pubsub-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses the options, starts the emulation and prints the banner; null after {@code --help}. */
    static LocalWebPubSub start(String[] args, PrintStream out) {
        int port = 8080;
        String hub = DEFAULT_HUB;
        String handler = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--platform" -> {
                    if (!"azure".equals(value(args, ++i, "--platform"))) {
                        throw new IllegalArgumentException("this entry point runs --platform azure only");
                    }
                }
                case "--port" -> port = integer("--port", value(args, ++i, "--port"));
                case "--hub" -> hub = value(args, ++i, "--hub");
                case "--event-handler" -> handler = value(args, ++i, "--event-handler");
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for local"
                        + " --platform azure");
            }
        }
        HubSettings settings;
        try {
            settings = handler == null ? HubSettings.withoutHandler(hub)
                    : new HubSettings(hub, handler, "*", Set.of("connect", "connected", "disconnected"), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((handler != null && e.getMessage().contains("urlTemplate")
                    ? "--event-handler" : "--hub") + ": " + e.getMessage());
        }
        LocalWebPubSub wps = LocalWebPubSub.start(new LocalWebPubSub.Options(port, null, List.of(settings), null,
                null));
        out.println("websocket: " + wps.clientUrl(hub));
        out.println("connection string: " + wps.connectionString());
        out.println("client url: " + wps.clientUrl(hub) + "?access_token=" + clientToken(wps, hub, "alice"));
        out.println("event handler: " + (handler != null ? handler : "none (clients need the client url's token;"
                + " --event-handler URL sends the hub's events to your handler)"));
        out.println("webhook origin: " + wps.webhookOrigin() + " (the WebHook-Request-Origin a handler allows)");
        out.println("platform: azure (the local Web PubSub emulation alone, hub " + hub + "; without --event-handler"
                + " ./switchboard local --platform azure runs the Switchboard function behind it)");
        out.flush();
        return wps;
    }

    /** A client access token as the SDKs make it: {@code aud} the hub's client URL, {@code sub} the user, 1 h. */
    static String clientToken(LocalWebPubSub wps, String hub, String user) {
        Instant now = Instant.now();
        ObjectNode claims = Payload.object().put("aud", wps.endpoint() + "/client/hubs/" + hub).put("sub", user)
                .put("iat", now.getEpochSecond()).put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        claims.putArray("role").add("webpubsub.joinLeaveGroup").add("webpubsub.sendToGroup");
        return Jwt.sign(claims, wps.keys().primary());
    }
}
