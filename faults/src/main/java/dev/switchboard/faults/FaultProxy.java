package dev.switchboard.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP forward proxy between the handlers and the services they call (dynalite for DynamoDB, the local API's
 * {@code @connections} endpoint for the management API) that answers a share of their requests with a
 * {@link FaultKind} instead of the service's answer, as Toxiproxy or a chaos proxy does. The handlers reach it through
 * the JVM's proxy selector ({@link FaultRouting}); nothing in the handlers or the local API knows it is there.
 *
 * <p>Requests to any other address are forwarded untouched. Counts of requests per target and of faults per kind are
 * kept for the report. The plan can change between phases of a run ({@link #plan(FaultPlan)}).
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "proxy-connection", "keep-alive", "transfer-encoding", "te", "trailer", "date");

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient upstream;
    private volatile URI dynamoDb;
    private volatile URI management;
    private volatile FaultPlan plan = FaultPlan.none();
    private Random random = new Random(1);
    private final Map<FaultKind.Target, LongAdder> requests = new EnumMap<>(FaultKind.Target.class);
    private final Map<FaultKind, LongAdder> injected = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> postedByCid = new ConcurrentHashMap<>();
    private static final java.util.regex.Pattern CID = java.util.regex.Pattern.compile("\"cid\":\"([^\"]{1,64})\"");

    private FaultProxy() throws IOException {
        for (FaultKind.Target t : FaultKind.Target.values()) {
            requests.put(t, new LongAdder());
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // NO_PROXY: java.net.http asks the default selector, which FaultRouting replaces, and would send the proxy's
        // own requests back to itself
        this.upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2)).executor(threads).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy with no targets yet: it forwards everything until {@link #targets} names them. */
    public static FaultProxy start() {
        try {
            return new FaultProxy();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /**
     * Injects faults into requests for {@code dynamoDb} (host and port) and for the {@code @connections} paths of
     * {@code management} (host and port); either may be null.
     */
    public void targets(URI dynamoDb, URI management) {
        this.dynamoDb = dynamoDb;
        this.management = management;
    }

    /** The proxy's address, for a {@link java.net.Proxy}. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Applies {@code next} to the requests from now on and resets the draws to its seed. */
    public synchronized void plan(FaultPlan next) {
        this.plan = next;
        this.random = new Random(next.seed());
    }

    /** Requests seen for {@code target} since the start. */
    public long requests(FaultKind.Target target) {
        return requests.get(target).sum();
    }

    /** Faults of {@code kind} injected since the start. */
    public long injected(FaultKind kind) {
        LongAdder a = injected.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Faults injected since the start, of every kind. */
    public long injected() {
        return injected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The connection ids the proxy answered 410 for, though they may have been open. */
    public Set<String> gone() {
        return Set.copyOf(gone);
    }

    /**
     * The connection ids the handlers posted a frame with client id {@code cid} to (each attempt, faulted or not): the
     * recipients a fan-out chose, also those no client knows (an abandoned handshake's connection).
     */
    public Set<String> postedTo(String cid) {
        Set<String> s = postedByCid.get(cid);
        return s == null ? Set.of() : Set.copyOf(s);
    }

    /** Whether {@code uri} is one of the services faults stand in for, and which. */
    FaultKind.Target target(URI uri) {
        URI d = dynamoDb;
        URI m = management;
        if (d != null && sameOrigin(uri, d)) {
            return FaultKind.Target.DYNAMODB;
        }
        if (m != null && sameOrigin(uri, m) && uri.getRawPath() != null && uri.getRawPath().contains("/@connections/")) {
            return FaultKind.Target.MANAGEMENT;
        }
        return null;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private synchronized FaultKind draw(FaultKind.Target target) {
        FaultPlan p = plan;
        if (p.rate() <= 0 || random.nextDouble() >= p.rate()) {
            return null;
        }
        List<FaultKind> kinds = p.kindsFor(target);
        return kinds.isEmpty() ? null : kinds.get(random.nextInt(kinds.size()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            if (uri.getScheme() == null || uri.getHost() == null) {
                respond(exchange, 400, Map.of(), "this is a forward proxy: send absolute-form requests"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            FaultKind.Target target = target(uri);
            FaultKind fault = null;
            if (target != null) {
                requests.get(target).increment();
                fault = draw(target);
            }
            if (target == FaultKind.Target.MANAGEMENT && "POST".equals(exchange.getRequestMethod())) {
                java.util.regex.Matcher m = CID.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                if (m.find()) {
                    String path = uri.getPath();
                    postedByCid.computeIfAbsent(m.group(1), k -> ConcurrentHashMap.newKeySet())
                            .add(path.substring(path.lastIndexOf('/') + 1));
                }
            }
            if (fault != null) {
                injected.computeIfAbsent(fault, k -> new LongAdder()).increment();
                if (fault == FaultKind.MANAGEMENT_GONE) {
                    String path = uri.getPath();
                    gone.add(path.substring(path.lastIndexOf('/') + 1));
                }
            }
            if (fault == null || fault == FaultKind.DYNAMODB_SLOW) {
                HttpResponse<byte[]> answer = forward(exchange, uri, body);
                if (fault == FaultKind.DYNAMODB_SLOW) {
                    sleep(plan.hold());
                }
                Map<String, List<String>> headers = answer.headers().map();
                respond(exchange, answer.statusCode(), headers, answer.body());
            } else if (fault == FaultKind.MANAGEMENT_HANG) {
                sleep(plan.hold());
                respond(exchange, 504, Map.of(), new byte[0]);
            } else {
                String type = fault.target() == FaultKind.Target.DYNAMODB ? "application/x-amz-json-1.0"
                        : "application/json";
                respond(exchange, fault.status(), Map.of("Content-Type", List.of(type),
                        "x-amzn-ErrorType", List.of(fault.errorType()),
                        "x-amzn-RequestId", List.of("fault-" + Long.toHexString(System.nanoTime()))), fault.body());
            }
        } catch (IOException | RuntimeException e) {
            // the client gave up (a held answer) or the upstream is gone: nothing to answer
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, URI uri, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        try {
            return upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
