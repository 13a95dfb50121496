package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.blueprint.Route;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.local.fanout.LocalFanout;
import dev.switchboard.local.fanout.LocalSqs;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local WebSocket API: renders a {@link Blueprint} into a running gateway on 127.0.0.1 that behaves like API
 * Gateway's WebSocket APIs on the wire (sources in local/README.md), with the blueprint's handlers invoked in-process
 * and dynalite as the table store.
 *
 * <ul>
 *   <li>{@code ws://127.0.0.1:PORT/STAGE}: the handshake runs the authorizer and then {@code $connect} before the
 *       upgrade (401/403/500 or the {@code $connect} status refuse it); messages are routed on
 *       {@code $request.body.action}; {@code $disconnect} runs once on every close.</li>
 *   <li>{@code http://127.0.0.1:PORT/STAGE/@connections/{id}}: the management API (POST, GET, DELETE), wire-compatible
 *       with the AWS SDKs.</li>
 *   <li>{@code GET /}: a chat page; {@code GET /_switchboard/token?user=NAME}: a dev token (local only).</li>
 * </ul>
 *
 * <p>Limits as on AWS: frames over 32 KB and messages over 128 KB close with 1009, binary frames with 1003, invalid
 * UTF-8 with 1007, idle and maximum duration with 1001 "Going away"; stage throttling by a token bucket from
 * {@link Limits#stageRateLimit()} and {@link Limits#stageBurstLimit()}: a message over the limit is not routed and the
 * sender gets {@code {"message": "Too Many Requests", "connectionId":"…", "requestId":"…"}} (AWS's frame is
 * unconfirmed; this mirrors its other error frames), the connection stays open.
 *
 * <p>Start with {@link #start}; {@link #close} runs {@code $disconnect} for every open connection (1001 "Going away"),
 * then stops the server, the sweepers and the dynalite child.
 */
public final class LocalGateway implements Routing.Gateway, AutoCloseable {
    /** Frame limit, from the blueprint. */
    static final int FRAME_MAX = Limits.FRAME_MAX_BYTES;
    /** Message limit, from the blueprint. */
    static final int MESSAGE_MAX = Limits.MESSAGE_MAX_BYTES;
    /** Jetty's threads at most. */
    static final int HTTP_THREADS = 32;
    /** Idle pool threads end after this long. */
    static final int IDLE_THREAD_SECONDS = 10;
    /** At most this many bytes of buffers, heap and direct each, stay pooled for reuse. */
    static final long POOLED_BYTES = 16L << 20;

    final Blueprint blueprint;
    final LocalConfig config;
    final Duration idleTimeout;
    final Duration maxDuration;
    final Map<String, Connection> connections = new ConcurrentHashMap<>();
    final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private final Server server;
    private final ServerConnector connector;
    private final DynaliteProcess dynalite;
    private final URI dynamoEndpoint;
    private final DynamoDbClient dynamo;
    private final TokenBucket throttle;
    private final TtlSweeper ttlSweeper;
    final Events.Api api;
    /** The one snapshot of what runs; null until {@link #start} has built the functions. */
    private volatile Deployment deployment;
    private volatile LiveReload reload;
    /** Set when {@link #start} has built every function (the project's too); requests get 503 before. */
    private volatile boolean ready;
    private volatile LocalFanout fanout;
    private volatile boolean closing;

    private LocalGateway(Blueprint blueprint, LocalConfig config) throws Exception {
        this.blueprint = blueprint;
        this.config = config;
        Limits limits = blueprint.limits();
        this.idleTimeout = config.idleTimeout() != null ? config.idleTimeout() : limits.idleTimeout();
        this.maxDuration = config.maxDuration() != null ? config.maxDuration() : limits.maxConnectionDuration();
        this.throttle = new TokenBucket(limits.stageRateLimit(), limits.stageBurstLimit(), System.nanoTime());
        KeepAlive.atLeast(config.invocationThreads());
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor invokers = new ThreadPoolExecutor(config.invocationThreads(), config.invocationThreads(),
                IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "switchboard-invoke-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        // idle threads end (their stacks are resident memory): a burst's threads are gone soon after it
        invokers.allowCoreThreadTimeOut(true);
        this.pool = invokers;
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "switchboard-timers");
            t.setDaemon(true);
            return t;
        });
        DynaliteProcess d = null;
        try {
            if (config.dynamoDbEndpoint() != null) {
                this.dynamoEndpoint = URI.create(config.dynamoDbEndpoint());
            } else {
                d = DynaliteProcess.start(config.projectRoot() != null ? config.projectRoot() : DynaliteProcess.projectRoot(),
                        config.dynamoDbPort(), config.dataDir());
                this.dynamoEndpoint = d.endpoint();
            }
            this.dynalite = d;
            this.dynamo = LocalClients.dynamoDb(dynamoEndpoint);
            TableBootstrap.createTables(dynamo, blueprint);
            this.ttlSweeper = new TtlSweeper(dynamo, blueprint, config.ttlSweepMaxItems());
            if (config.dataDir() != null) {
                int stale = ttlSweeper.purgeConnections();
                if (stale > 0) {
                    System.err.println("switchboard-local: removed " + stale + " stale connection items left by an"
                            + " earlier run in " + config.dataDir());
                }
            }

            // nothing blocks on Jetty's threads for long (handshakes and messages run on the invocation pool, posts
            // write asynchronously), so a burst of handshakes, closes or posts queues for 32 threads instead of starting 400 (Jetty ends at most
            // one idle thread per idle timeout, so threads a burst started stay resident for minutes)
            QueuedThreadPool threads = new QueuedThreadPool(HTTP_THREADS, 8, (int) TimeUnit.SECONDS.toMillis(IDLE_THREAD_SECONDS));
            threads.setName("switchboard-http");
            threads.setDaemon(true);
            // the buffers Jetty keeps for reuse, bounded (its default keeps up to an eighth of the maximum heap, on and
            // off the heap, after a burst): idle connections hold none, so what a burst leaves behind is handed back
            this.server = new Server(threads, null, new ArrayByteBufferPool(0, -1, -1, -1, POOLED_BYTES, POOLED_BYTES));
            this.connector = new ServerConnector(server, 1, 1);
            connector.setHost("127.0.0.1");
            connector.setPort(config.port());
            connector.setAcceptQueueSize(4096);
            connector.setIdleTimeout(maxDuration.plusMinutes(1).toMillis());
            server.addConnector(connector);
            ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
            ws.setMaxFrameSize(FRAME_MAX);
            ws.setMaxTextMessageSize(MESSAGE_MAX);
            ws.setMaxBinaryMessageSize(MESSAGE_MAX);
            ws.setAutoFragment(false);
            ws.setIdleTimeout(idleTimeout.plusSeconds(30));
            WebSocketServerComponents.ensureWebSocketComponents(server).getExtensionRegistry()
                    .register("permessage-deflate", GatewayDeflateExtension.class);
            server.setHandler(new GatewayHandler(this, ws));
            server.start();
            this.api = new Events.Api(config.apiId(), config.stage(), "127.0.0.1:" + connector.getLocalPort(),
                    blueprint.environment().primaryRegion(),
                    blueprint.environment().account() != null ? blueprint.environment().account() : "000000000000");
        } catch (Exception | Error e) {
            if (d != null) {
                d.close();
            }
            pool.shutdownNow();
            timers.shutdownNow();
            throw e;
        }
    }

    /**
     * Starts dynalite (unless {@link LocalConfig#dynamoDbEndpoint()} is set), creates the blueprint's tables, binds the
     * port, builds every handler once and returns when the gateway serves requests.
     *
     * @throws IllegalStateException when a port is busy, dynalite is missing or a handler cannot be built
     */
    public static LocalGateway start(Blueprint blueprint, LocalConfig config) {
        return start(blueprint, config, null);
    }

    /**
     * As {@link #start(Blueprint, LocalConfig)}, with the functions of {@code project}'s routes compiled from its
     * sources and reloaded when they change ({@link LiveReload}); the other functions come from this class's loader.
     *
     * @param project the project whose routes are live, or null for none
     * @throws IllegalStateException also when a project route's handler class does not exist after a compile
     */
    public static LocalGateway start(Blueprint blueprint, LocalConfig config, DevProject project) {
        // the handlers run in this JVM: no silent re-send of their POSTs, as on Lambda (JdkHttp)
        dev.switchboard.lambdas.api.JdkHttp.noSilentPostRetry();
        LocalGateway g = null;
        try {
            g = new LocalGateway(blueprint, config);
            LocalGateway self = g;
            g.fanout = LocalFanout.start(blueprint);
            Set<String> own = project == null ? Set.of() : LiveReload.ownFunctions(blueprint);
            g.deployment = new Deployment(blueprint,
                    Functions.load(blueprint, fn -> !own.contains(fn.name()), self::environment,
                            LocalGateway.class.getClassLoader()));
            if (project != null) {
                g.reload = LiveReload.start(project, blueprint, self::environment, self::replace);
            }
            g.fanout.consume(blueprint, self::environment);
            g.ready = true;
            long tick = Math.max(50, Math.min(1000, g.idleTimeout.toMillis() / 4));
            g.timers.scheduleWithFixedDelay(self::expireConnections, tick, tick, TimeUnit.MILLISECONDS);
            long sweep = config.ttlSweepInterval().toMillis();
            g.timers.scheduleWithFixedDelay(self::sweepTtl, sweep, sweep, TimeUnit.MILLISECONDS);
            return g;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + config.port() + ": " + e.getMessage()
                    + " (choose another --port, or 0 for any free port)", e);
        } catch (RuntimeException e) {
            if (g != null) {
                g.close();
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local gateway: " + e, e);
        }
    }

    /** The variables one function gets: the blueprint's static ones plus the local endpoints and the JWT settings. */
    Map<String, String> environment(FunctionSpec fn) {
        Map<String, String> env = new TreeMap<>(blueprint.staticEnvironment(fn));
        env.put(EnvVars.TABLE_NAME, blueprint.tableName(blueprint.dataModel().connections()));
        env.put(EnvVars.CALLBACK_URL, callbackUrl().toString());
        env.put(EnvVars.DYNAMODB_ENDPOINT, dynamoEndpoint.toString());
        env.put(EnvVars.JWT_SECRET, config.jwtSecret());
        env.put(EnvVars.JWT_ISSUER, config.jwtIssuer());
        env.put(EnvVars.JWT_AUDIENCE, config.jwtAudience());
        env.put(EnvVars.REGION, blueprint.environment().primaryRegion());
        if (fanout != null) {
            env.putAll(fanout.environment());
        }
        return env;
    }

    /**
     * The current deployment; with live reload, first compiles and swaps in the project's changed sources (as Quarkus
     * dev mode does on a request), so that the request that follows a save runs the new code.
     */
    @Override
    public Deployment deployment() {
        LiveReload r = reload;
        if (r != null) {
            r.sync();
        }
        return deployment;
    }

    /** The last live reload's failure (compiler errors, a handler that cannot be built), or null. */
    String reloadFailure() {
        LiveReload r = reload;
        return r == null ? null : r.failure();
    }

    /** Whether {@link #start} has built every function. */
    boolean started() {
        return ready;
    }

    /** Puts {@code replacement}'s functions in place of the current ones of the same name. */
    private synchronized void replace(Functions replacement) {
        Deployment d = deployment;
        deployment = new Deployment(d.blueprint(), d.functions().with(replacement));
    }

    @Override
    public Events.Api api() {
        return api;
    }

    @Override
    public void forget(Connection c) {
        connections.remove(c.id, c);
    }

    /** The sharded fan-out's queue and poller (tests). */
    LocalFanout fanoutForTests() {
        return fanout;
    }

    /** The sharded fan-out's queues (ElasticMQ): its client and the URLs of the queue and its dead-letter queue. */
    public LocalSqs fanoutQueues() {
        return fanout.sqs();
    }

    /** The port the gateway listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code ws://127.0.0.1:PORT/STAGE}. */
    public URI websocketUrl() {
        return URI.create("ws://127.0.0.1:" + port() + "/" + config.stage());
    }

    /** {@code http://127.0.0.1:PORT/STAGE}: the endpoint to give the SDK's management client. */
    public URI callbackUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/" + config.stage());
    }

    /** {@code http://127.0.0.1:PORT/STAGE/@connections}. */
    public URI managementUrl() {
        return URI.create(callbackUrl() + "/@connections");
    }

    /** The DynamoDB endpoint the handlers use. */
    public URI dynamoDbEndpoint() {
        return dynamoEndpoint;
    }

    /** The physical name of the connection table. */
    public String connectionTable() {
        return blueprint.tableName(blueprint.dataModel().connections());
    }

    /** The idle timeout in force. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Connections whose {@code $connect} returned and that have not closed. */
    public int openConnections() {
        return (int) connections.values().stream().filter(c -> c.state() == Connection.State.OPEN).count();
    }

    /** Runs one TTL sweep now and returns how many expired items it deleted. */
    public int sweepTtlNow() {
        return ttlSweeper.sweep(System.currentTimeMillis() / 1000);
    }

    @Override
    public boolean tryThrottle() {
        return throttle.tryTake(System.nanoTime());
    }

    boolean closing() {
        return closing;
    }

    private void expireConnections() {
        try {
            long now = System.currentTimeMillis();
            for (Connection c : connections.values()) {
                if (c.state() != Connection.State.OPEN || c.session() == null) {
                    continue;
                }
                if (now - c.lastActiveAt() >= idleTimeout.toMillis() || now - c.connectedAt >= maxDuration.toMillis()) {
                    c.serverClose(1001, "Going away");
                }
            }
        } catch (RuntimeException e) {
            System.err.println("switchboard-local: expiry sweep failed: " + e);
        }
    }

    private void sweepTtl() {
        try {
            ttlSweeper.sweep(System.currentTimeMillis() / 1000);
        } catch (RuntimeException e) {
            System.err.println("switchboard-local: TTL sweep failed: " + e);
        }
    }

    /**
     * Runs {@code $disconnect} for every open connection (1001 "Going away"), closes them, stops the server, the
     * timers and dynalite. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        timers.shutdownNow();
        Collection<Connection> open = new ArrayList<>(connections.values());
        CountDownLatch done = new CountDownLatch(open.size());
        for (Connection c : open) {
            c.serverClose(1001, "Going away");
            c.serially(pool, () -> {
                try {
                    Routing.disconnect(this, c, 1001, "Going away");
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(c -> c.close(1001, "Going away"));
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("switchboard-local: stopping the server: " + e);
        }
        pool.shutdownNow();
        if (reload != null) {
            reload.close();
        }
        Deployment d = deployment;
        if (d != null) {
            d.functions().close();
        }
        if (fanout != null) {
            fanout.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    static String socketAddress(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : "127.0.0.1";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode parse(byte[] b) {
        try {
            return Events.JSON.readTree(b);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static ObjectNode object() {
        return Events.JSON.createObjectNode();
    }

    static List<String> list(String v) {
        List<String> l = new ArrayList<>(1);
        l.add(v);
        return l;
    }
}
