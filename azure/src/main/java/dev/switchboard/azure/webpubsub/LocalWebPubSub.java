package dev.switchboard.azure.webpubsub;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * One Azure Web PubSub service emulated in this process on 127.0.0.1: the client endpoint
 * {@code /client/hubs/{hub}} (simple WebSocket and the {@code json.webpubsub.azure.v1} and
 * {@code json.reliable.webpubsub.azure.v1} subprotocols), CloudEvents delivery to each hub's event handler, and the
 * data-plane REST API under {@code /api} that the server SDKs call; a runner may mount extra routes beside them
 * ({@link Options#routes}). What it does and does not emulate, with the
 * documents each behaviour rests on: azure/README.md.
 *
 * <p>Start it with {@link #start(Options)}; give clients and the SDK {@link #connectionString()}; {@link #close()}
 * closes every connection (each gets its {@code disconnected} event) and stops the server.
 */
public final class LocalWebPubSub implements AutoCloseable {
    /** The client message limit, 1 MB per WebSocket frame (concept-service-internals), also kept for REST bodies. */
    public static final int MESSAGE_MAX = 1024 * 1024;

    /**
     * How the emulation starts.
     *
     * @param port                the port, 0 (the default) for any free one
     * @param keys                the two access keys (default: random ones)
     * @param hubs                the configured hubs; a hub that is not listed accepts clients with a token and has
     *                            no event handler, as on the service
     * @param eventHandlerTimeout how long a blocking event waits for the handler (default 20 s)
     * @param log                 where refusals and handler failures are written (default: standard error)
     * @param routes              extra HTTP routes on the service's port (default: none): a Jetty handler that sees
     *                            every request first; what it does not handle (it returns false without answering)
     *                            the service answers. A real Web PubSub serves nothing but its own endpoints: this is
     *                            for a local runner that needs a page on the clients' origin (the Azure runner's chat
     *                            page)
     */
    public record Options(int port, AccessKeys keys, List<HubSettings> hubs, Duration eventHandlerTimeout,
                          Consumer<String> log, Handler routes) {
        public Options(int port, AccessKeys keys, List<HubSettings> hubs, Duration eventHandlerTimeout,
                       Consumer<String> log) {
            this(port, keys, hubs, eventHandlerTimeout, log, null);
        }

        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a port (0 for any free one)");
            }
            keys = keys == null ? AccessKeys.random() : keys;
            hubs = hubs == null ? List.of() : List.copyOf(hubs);
            eventHandlerTimeout = eventHandlerTimeout == null ? Duration.ofSeconds(20) : eventHandlerTimeout;
            log = log == null ? line -> System.err.println("web-pubsub: " + line) : log;
        }

        public static Options of(HubSettings... hubs) {
            return new Options(0, null, List.of(hubs), null, null);
        }

        public Options withPort(int p) {
            return new Options(p, keys, hubs, eventHandlerTimeout, log, routes);
        }

        public Options withKeys(AccessKeys k) {
            return new Options(port, k, hubs, eventHandlerTimeout, log, routes);
        }

        public Options withLog(Consumer<String> l) {
            return new Options(port, keys, hubs, eventHandlerTimeout, l, routes);
        }

        public Options withEventHandlerTimeout(Duration t) {
            return new Options(port, keys, hubs, t, log, routes);
        }

        /** These options with {@code r} as the extra routes (see {@link Options}). */
        public Options withRoutes(Handler r) {
            return new Options(port, keys, hubs, eventHandlerTimeout, log, r);
        }
    }

    final AccessKeys keys;
    final Consumer<String> log;
    final Clock clock = Clock.systemUTC();
    final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "web-pubsub-events");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, HubSettings> hubs = new LinkedHashMap<>();
    private final Map<String, HubState> states = new ConcurrentHashMap<>();
    private final Server server;
    private final ServerConnector connector;
    EventHandlerClient events;

    private LocalWebPubSub(Options o) {
        this.keys = o.keys();
        this.log = o.log();
        for (HubSettings h : o.hubs()) {
            if (hubs.putIfAbsent(h.key(), h) != null) {
                throw new IllegalArgumentException("hubs: '" + h.name() + "' is configured twice (hub names are"
                        + " case-insensitive)");
            }
        }
        // the connect event blocks a Jetty thread for the handler's answer: room for a burst of handshakes
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("web-pubsub");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(o.port());
        server.addConnector(connector);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        ws.setMaxTextMessageSize(MESSAGE_MAX);
        ws.setMaxBinaryMessageSize(MESSAGE_MAX);
        ws.setIdleTimeout(Duration.ofMinutes(10));
        server.setHandler(new ServiceHandler(this, ws, o.routes()));
    }

    /**
     * Starts the emulation and returns once it serves requests.
     *
     * @throws IllegalArgumentException for a bad option (the message names it)
     * @throws IllegalStateException    when the port is busy
     */
    public static LocalWebPubSub start(Options options) {
        LocalWebPubSub s = new LocalWebPubSub(options);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("web-pubsub: cannot listen on 127.0.0.1:" + options.port() + ": " + e, e);
        }
        s.events = new EventHandlerClient(s.keys, s.webhookOrigin(), options.eventHandlerTimeout(), s.log);
        return s;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}, the service endpoint (clients use {@code ws://} on the same host). */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The {@code WebHook-Request-Origin} of every request to an event handler: the endpoint's host with its port,
     * {@code 127.0.0.1:PORT} (what {@code new URL(endpoint).host} gives, which {@code @azure/web-pubsub-express}
     * compares it with); a handler that checks origins allows this one.
     */
    public String webhookOrigin() {
        return "127.0.0.1:" + port();
    }

    /** The connection string the portal shows: {@code Endpoint=...;AccessKey=<primary>;Version=1.0;}. */
    public String connectionString() {
        return connectionString(keys.primary());
    }

    /** The connection string with the secondary key (for rotation). */
    public String secondaryConnectionString() {
        return connectionString(keys.secondary());
    }

    private String connectionString(String key) {
        return "Endpoint=" + endpoint() + ";AccessKey=" + key + ";Version=1.0;";
    }

    public AccessKeys keys() {
        return keys;
    }

    /** The client URL of a hub, without a token. */
    public String clientUrl(String hub) {
        return "ws://127.0.0.1:" + port() + "/client/hubs/" + hub;
    }

    /** The settings of a hub: the configured ones, else a hub without event handler. */
    HubSettings hub(String name) {
        HubSettings h = hubs.get(name.toLowerCase(java.util.Locale.ROOT));
        return h != null ? h : HubSettings.withoutHandler(name);
    }

    HubState state(HubSettings hub) {
        return states.computeIfAbsent(hub.key(), k -> new HubState());
    }

    @Override
    public void close() {
        for (HubState s : states.values()) {
            for (ClientConnection c : s.all()) {
                ConnectionEvents.close(this, c, 1001, "The service is shutting down");
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.accept("stopping the server: " + e);
        }
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
