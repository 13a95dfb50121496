package dev.switchboard.bench.cpu;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DynamoDB and the {@code @connections} API on one JDK {@link HttpServer} on 127.0.0.1, answering at once, so that a
 * handler invocation against it costs the handler's CPU and almost nothing else. DynamoDB answers are recorded, not
 * written by hand: while {@link #record recording} each DynamoDB request (POST {@code /}, {@code X-Amz-Target}) is
 * forwarded to a real DynamoDB (dynalite) and its answer kept per operation, in order; after {@link #replay()} each
 * request gets the next recorded answer of its operation, round and round. A route invoked again and again on the
 * same state issues the same operations in the same order, so it gets the answers it got while recording, and takes
 * the same path every time (the rate limit's conditional write always succeeds, the room always has its members).
 * {@code POST /<stage>/@connections/<id>} answers 200 with no body in both modes. Requests are served on threads named
 * {@code canned-aws-*}, which count the CPU time they spend serving ({@link #servedCpuNanos()}), and on the JDK
 * server's {@code HTTP-Dispatcher} thread: {@link HandlerCpuProfiler} leaves both out.
 */
public final class CannedAws implements AutoCloseable {
    /** Prefix of the names of the threads that serve requests. */
    public static final String THREAD_PREFIX = "canned-aws-";

    static {
        // The JDK server writes headers and body in separate segments; without TCP_NODELAY the client's delayed ACK
        // holds the body back about 40 ms (JDK-6968351). Read once, when the JDK's server configuration loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final AtomicLong SERVED_CPU = new AtomicLong();

    private record Answer(int status, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<String, List<Answer>> script = new HashMap<>();
    private final Map<String, AtomicInteger> cursors = new HashMap<>();
    private final AtomicLong dynamoCalls = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private volatile URI upstream;

    private CannedAws(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static CannedAws start() throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        CannedAws aws = new CannedAws(server, pool);
        server.createContext("/", aws::serve);
        server.setExecutor(pool);
        server.start();
        return aws;
    }

    /** {@code http://127.0.0.1:<port>}: the DynamoDB endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The callback URL of stage {@code stage}. */
    public String callbackUrl(String stage) {
        return endpoint() + "/" + stage;
    }

    /** From now on forwards DynamoDB requests to {@code dynamoDb} and records the answers, after forgetting any. */
    public synchronized void record(URI dynamoDb) {
        script.clear();
        cursors.clear();
        upstream = dynamoDb;
    }

    /** From now on answers DynamoDB requests from the recording (an operation not recorded gets a 400). */
    public synchronized void replay() {
        upstream = null;
    }

    /** The operations recorded, each with its number of calls ({@code DynamoDB_20120810.PutItem=1, ...}). */
    public synchronized Map<String, Integer> recorded() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        script.forEach((k, v) -> m.put(k, v.size()));
        return m;
    }

    /** DynamoDB requests served so far. */
    public long dynamoCalls() {
        return dynamoCalls.get();
    }

    /** {@code @connections} posts served so far. */
    public long posts() {
        return posts.get();
    }

    /**
     * CPU time the request threads of every canned server in this JVM spent serving requests so far, in ns (counted
     * per request, so that it survives a thread that ends).
     */
    public static long servedCpuNanos() {
        return SERVED_CPU.get();
    }

    private void serve(HttpExchange x) throws IOException {
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            answer(x);
        } finally {
            SERVED_CPU.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
        }
    }

    private void answer(HttpExchange x) throws IOException {
        try (x; InputStream in = x.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String target = x.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null) {
                posts.incrementAndGet();
                x.sendResponseHeaders(200, -1);
                return;
            }
            dynamoCalls.incrementAndGet();
            URI up = upstream;
            Answer a = up != null ? forward(up, target, x, body) : next(target);
            x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            x.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            x.getResponseBody().write(a.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.sendResponseHeaders(500, -1);
        }
    }

    private Answer forward(URI up, String target, HttpExchange x, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(up).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-Amz-Target", target);
        for (String h : new String[] {"Content-Type", "Authorization", "X-Amz-Date"}) {
            String v = x.getRequestHeaders().getFirst(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        Answer a = new Answer(r.statusCode(), r.body());
        synchronized (this) {
            script.computeIfAbsent(target, k -> new ArrayList<>()).add(a);
        }
        return a;
    }

    private Answer next(String target) {
        List<Answer> answers;
        AtomicInteger cursor;
        synchronized (this) {
            answers = script.get(target);
            cursor = cursors.computeIfAbsent(target, k -> new AtomicInteger());
        }
        if (answers == null) {
            return new Answer(400, ("{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":"
                    + "\"no recorded answer for " + target + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return answers.get(Math.floorMod(cursor.getAndIncrement(), answers.size()));
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
