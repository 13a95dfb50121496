package dev.switchboard.lambdas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server that plays API Gateway's {@code @connections} API for one stage: POST to a live connection
 * answers 200 and records the frame; an unknown id answers 410 with {@code x-amzn-ErrorType: GoneException} and an
 * empty body, as API Gateway does; GET of a live connection answers GetConnection's JSON; ids set to throttle answer
 * 429 a given number of times first. Accepts the
 * {@code @} and {@code =} raw or URL-encoded.
 */
final class ManagementApiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final String stage;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long holdMillis;

    ManagementApiServer(String stage) throws IOException {
        this.stage = stage;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The callback URL, {@code http://127.0.0.1:<port>/<stage>}. */
    String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage;
    }

    void connect(String connectionId) {
        live.add(connectionId);
    }

    void drop(String connectionId) {
        live.remove(connectionId);
    }

    /** The next {@code times} posts to {@code connectionId} answer 429. */
    void throttle(String connectionId, int times) {
        throttles.put(connectionId, new AtomicInteger(times));
    }

    /** Each POST waits this long before answering (to observe concurrency). */
    void hold(long millis) {
        holdMillis = millis;
    }

    List<String> frames(String connectionId) {
        return received.getOrDefault(connectionId, List.of());
    }

    int attempts(String connectionId) {
        AtomicInteger a = attempts.get(connectionId);
        return a == null ? 0 : a.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    void reset() {
        received.clear();
        attempts.clear();
        maxInFlight.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
            String prefix = "/" + stage + "/@connections/";
            if (!path.startsWith(prefix)) {
                respond(ex, 403, "{\"message\":\"Forbidden\"}", null);
                return;
            }
            String id = path.substring(prefix.length());
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (holdMillis > 0) {
                try {
                    Thread.sleep(holdMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            AtomicInteger t = throttles.get(id);
            if (t != null && t.getAndDecrement() > 0) {
                respond(ex, 429, "{\"message\":\"Too Many Requests\"}", "LimitExceededException");
                return;
            }
            if (!live.contains(id)) {
                respond(ex, 410, "", "GoneException");
                return;
            }
            if (ex.getRequestMethod().equals("GET")) {
                // GetConnection's answer (API_GetConnection.html): connectedAt, identity, lastActiveAt
                respond(ex, 200, "{\"connectedAt\":\"2026-12-06T12:00:00.000Z\",\"identity\":{\"sourceIp\":"
                        + "\"127.0.0.1\",\"userAgent\":null},\"lastActiveAt\":\"2026-12-06T12:00:00.000Z\"}", null);
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                respond(ex, ex.getRequestMethod().equals("DELETE") ? 204 : 200, "", null);
                return;
            }
            received.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new String(body, StandardCharsets.UTF_8));
            respond(ex, 200, "", null);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void respond(HttpExchange ex, int status, String body, String errorType) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
