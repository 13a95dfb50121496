package dev.switchboard.bench.fanout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for API Gateway's {@code @connections} API on 127.0.0.1: every {@code POST} answers 200 after a fixed
 * delay (10 ms by default, a round trip from Lambda to the management API), without holding a thread while it waits,
 * so the server never limits how many posts are in flight.
 */
public final class SlowManagementApi implements AutoCloseable {
    private final HttpServer server;
    private final ScheduledExecutorService timer;
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> perConnection = new java.util.concurrent.ConcurrentHashMap<>();

    private SlowManagementApi(HttpServer server, ScheduledExecutorService timer) {
        this.server = server;
        this.timer = timer;
    }

    /** Starts on a free loopback port; each post is answered {@code delayMillis} after it arrives. */
    public static SlowManagementApi start(long delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "slow-management-api");
            t.setDaemon(true);
            return t;
        });
        SlowManagementApi api = new SlowManagementApi(server, timer);
        server.createContext("/", exchange -> api.accept(exchange, delayMillis));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "slow-management-api-io");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return api;
    }

    private void accept(HttpExchange exchange, long delayMillis) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        timer.schedule(() -> {
            inFlight.decrementAndGet();
            // counted before the answer leaves, so a client that has its 200 always sees its post counted
            posts.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            perConnection.computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), k -> new AtomicInteger())
                    .incrementAndGet();
            try {
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                // the client gave up; nothing to answer
            } finally {
                exchange.close();
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The callback URL a handler posts to: {@code http://127.0.0.1:PORT/dev}. */
    public String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dev";
    }

    /** Posts answered so far. */
    public int posts() {
        return posts.get();
    }

    /** Posts answered per connection id (the last segment of {@code /dev/@connections/{id}}). */
    public java.util.Map<String, AtomicInteger> postsPerConnection() {
        return perConnection;
    }

    /** The most posts that were waiting for their answer at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
