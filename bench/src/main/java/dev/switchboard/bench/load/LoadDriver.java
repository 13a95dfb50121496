package dev.switchboard.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.devkit.DevTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The load driver: a WebSocket client process that speaks docs/protocol.md to one server on 127.0.0.1 and prints one
 * result line per scenario. It runs in its own JVM (so that its sockets and heap are not the server's) and is bounded:
 * every scenario has a count and a deadline. {@link LoadComparison} starts it once per server.
 *
 * <p>Scenarios, in order: a warm-up ({@code --warmup} connections opened, pinged once and closed); handshakes and
 * held connections (it prints {@code BASELINE} and waits for a line on stdin, then opens plain connections
 * {@code --concurrency} at a time; after each count in {@code --hold} it prints {@code HOLD n} and waits again, so
 * that the caller can read the server's memory); ping ({@code --pings} pings on the held connections, one in flight:
 * no table access), then the held connections close; round trip (pairs in 2-member rooms; a send from one until the
 * other has the message and the sender its ack, one in flight); broadcast (a room of {@code --room} members; a send
 * until the last member has it). Before each measured scenario it prints {@code BEGIN NAME} and waits for a line, so
 * that the caller can read the table's operation counts; before closing a scenario's connections it prints
 * {@code CLOSING n=N} and waits for a line, so that the caller can time the {@code $disconnect} drain; after closing
 * them it prints {@code SETTLE} and waits for a line too, so that the caller can let the server drain the
 * {@code $disconnect}s before the next scenario.
 *
 * <p>Tokens: dev tokens ({@link DevTokens}), one user per connection, in the {@code token} query parameter.
 */
public final class LoadDriver {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final int concurrency;
    private final long deadlineNanos;
    private final List<HttpClient> clients = new ArrayList<>();
    private final DevTokens tokens = DevTokens.defaults();
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    /** Connections opened, pinged and closed before the baseline ({@code --warmup}). */
    private int warmup;
    /** When this file exists, the held-connections scenario stops opening (the caller's memory cap). */
    private java.nio.file.Path stopFile;
    private final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final java.util.concurrent.ConcurrentSkipListMap<String, Integer> errors =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    /** One client connection and what to do with its text frames. */
    static final class Conn implements WebSocket.Listener {
        volatile Consumer<JsonNode> onFrame = f -> { };
        volatile WebSocket ws;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onFrame.accept(JSON.readTree(text));
                } catch (Exception e) {
                    // not JSON: ignore
                }
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }
    }

    LoadDriver(String url, int concurrency, Duration deadline) {
        this.url = url;
        this.concurrency = concurrency;
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        for (int i = 0; i < 4; i++) {
            clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        int concurrency = 32;
        int pairs = 100;
        int sends = 1000;
        int room = 1000;
        int broadcasts = 5;
        int[] hold = {2000, 10000};
        int warmup = 200;
        int pings = 2000;
        int deadlineSeconds = 600;
        String stop = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> url = v;
                case "--concurrency" -> concurrency = Integer.parseInt(v);
                case "--pairs" -> pairs = Integer.parseInt(v);
                case "--sends" -> sends = Integer.parseInt(v);
                case "--room" -> room = Integer.parseInt(v);
                case "--broadcasts" -> broadcasts = Integer.parseInt(v);
                case "--hold" -> hold = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--deadline-seconds" -> deadlineSeconds = Integer.parseInt(v);
                case "--stop-file" -> stop = v;
                case "--pings" -> pings = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
            i++;
        }
        if (url == null || !URI.create(url).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("--url must be a ws://127.0.0.1 URL, got " + url);
        }
        LoadDriver d = new LoadDriver(url, concurrency, Duration.ofSeconds(deadlineSeconds));
        d.stopFile = stop == null ? null : java.nio.file.Path.of(stop);
        d.warmup = warmup;
        List<Conn> held = d.hold(hold);
        d.ping(held, pings);
        d.closeAll(held);
        d.roundTrip(pairs, sends);
        d.broadcast(room, broadcasts);
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    private boolean overDeadline() {
        return System.nanoTime() > deadlineNanos;
    }

    /** Opens {@code n} connections, {@code concurrency} handshakes at a time; returns those that opened. */
    List<Conn> open(int n, String room, AtomicLong elapsedNanos) throws InterruptedException {
        return open(n, room, elapsedNanos, null);
    }

    /** As {@link #open(int, String, AtomicLong)}, stopping early once {@code stopFile} exists. */
    List<Conn> open(int n, String room, AtomicLong elapsedNanos, java.nio.file.Path stopFile)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<Conn> conns = new ArrayList<>(n);
        List<CompletableFuture<WebSocket>> futures = new ArrayList<>(n);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < n && !overDeadline(); i++) {
            if (stopFile != null && i % 50 == 0 && java.nio.file.Files.exists(stopFile)) {
                break;
            }
            slots.acquire();
            Conn c = new Conn();
            String user = "u" + users.incrementAndGet();
            String target = url + "?token=" + tokens.token(user) + (room == null ? "" : "&room=" + room);
            CompletableFuture<WebSocket> f = clients.get(i % clients.size()).newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create(target), c)
                    .whenComplete((ws, e) -> {
                        slots.release();
                        if (e != null) {
                            failed.incrementAndGet();
                            failedHandshakes.incrementAndGet();
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            String why = cause instanceof java.net.http.WebSocketHandshakeException h
                                    ? "HTTP_" + h.getResponse().statusCode() : cause.getClass().getSimpleName();
                            errors.merge(why, 1, Integer::sum);
                        } else {
                            c.ws = ws;
                        }
                    });
            futures.add(f);
            conns.add(c);
        }
        for (CompletableFuture<WebSocket> f : futures) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted in failed
            }
        }
        elapsedNanos.set(System.nanoTime() - start);
        return conns.stream().filter(c -> c.ws != null).toList();
    }

    /** Closes {@code conns}, then lets the caller wait until the server has run their {@code $disconnect}s. */
    void closeAll(List<Conn> conns) throws Exception {
        System.out.println("CLOSING n=" + conns.size());
        System.out.flush();
        stdin.readLine();
        for (Conn c : conns) {
            c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        Thread.sleep(1000);
        System.out.println("SETTLE");
        System.out.flush();
        stdin.readLine();
    }

    /**
     * The gateway's own overhead on the held connections: {@code pings} {@code ping} actions (a route with no table
     * access on both servers: its route response is the {@code pong}), one in flight, each from a connection picked in
     * turn, after a tenth as many unmeasured ones.
     */
    void ping(List<Conn> held, int pings) throws Exception {
        begin("PING");
        Histogram rtt = new Histogram(60_000_000L, 3);
        int warmup = Math.max(1, pings / 10);
        int lost = 0;
        for (int k = 0; k < warmup + pings && !held.isEmpty() && !overDeadline(); k++) {
            Conn c = held.get((int) ((k * 7919L) % held.size()));
            CountDownLatch pong = new CountDownLatch(1);
            c.onFrame = f -> {
                if ("pong".equals(f.path("type").asText())) {
                    pong.countDown();
                }
            };
            long start = System.nanoTime();
            c.send("{\"action\":\"ping\"}");
            if (!pong.await(5, TimeUnit.SECONDS)) {
                lost++;
                continue;
            }
            long took = System.nanoTime() - start;
            c.onFrame = f -> { };
            if (k >= warmup) {
                rtt.recordValue(took / 1000);
            }
        }
        System.out.printf(Locale.ROOT, "PING connections=%d pings=%d lost=%d p50Ms=%.3f p99Ms=%.3f p999Ms=%.3f"
                        + " maxMs=%.3f failedSoFar=%d errors=%s%n", held.size(), rtt.getTotalCount(), lost,
                rtt.getValueAtPercentile(50) / 1000.0, rtt.getValueAtPercentile(99) / 1000.0,
                rtt.getValueAtPercentile(99.9) / 1000.0, rtt.getMaxValue() / 1000.0, failedHandshakes.get(),
                errors.toString().replaceAll("[{} ]", ""));
        System.out.flush();
    }

    /** Tells the caller that a measured scenario starts now (it reads the table's operation counts). */
    private void begin(String scenario) throws java.io.IOException {
        System.out.println("BEGIN " + scenario);
        System.out.flush();
        stdin.readLine();
    }

    void roundTrip(int pairs, int sends) throws Exception {
        List<Conn[]> ps = new ArrayList<>();
        AtomicLong t = new AtomicLong();
        for (int i = 0; i < pairs; i++) {
            List<Conn> a = open(1, "rt-" + i, t);
            List<Conn> b = open(1, "rt-" + i, t);
            if (a.size() == 1 && b.size() == 1) {
                ps.add(new Conn[] {a.get(0), b.get(0)});
            }
        }
        Thread.sleep(1000);
        begin("RTT");
        if (ps.isEmpty()) {
            System.out.println("RTT pairs=0 sends=0");
            System.out.flush();
            return;
        }
        Histogram delivery = new Histogram(60_000_000L, 3);
        Histogram ack = new Histogram(60_000_000L, 3);
        int warmup = Math.max(1, sends / 10);
        int lost = 0;
        for (int k = 0; k < warmup + sends && !overDeadline(); k++) {
            Conn[] p = ps.get(k % ps.size());
            CountDownLatch done = new CountDownLatch(2);
            AtomicLong deliveredAt = new AtomicLong();
            AtomicLong ackedAt = new AtomicLong();
            int n = k;
            p[1].onFrame = f -> {
                if ("message".equals(f.path("type").asText()) && f.path("data").path("n").asInt(-1) == n) {
                    deliveredAt.set(System.nanoTime());
                    done.countDown();
                }
            };
            p[0].onFrame = f -> {
                if ("ack".equals(f.path("type").asText()) && ackedAt.compareAndSet(0, System.nanoTime())) {
                    done.countDown();
                }
            };
            long start = System.nanoTime();
            // protocol v2: an ack only when asked for ("ack": true); the peer's handler acks every send anyway
            p[0].send("{\"action\":\"send\",\"room\":\"rt-" + (k % ps.size()) + "\",\"ack\":true,\"data\":{\"n\":"
                    + k + "}}");
            if (!done.await(5, TimeUnit.SECONDS)) {
                lost++;
                continue;
            }
            if (k >= warmup) {
                delivery.recordValue((deliveredAt.get() - start) / 1000);
                ack.recordValue((ackedAt.get() - start) / 1000);
            }
        }
        System.out.printf(Locale.ROOT, "RTT pairs=%d sends=%d lost=%d deliveryP50Ms=%.3f deliveryP99Ms=%.3f"
                        + " ackP50Ms=%.3f ackP99Ms=%.3f%n", ps.size(), delivery.getTotalCount(), lost,
                delivery.getValueAtPercentile(50) / 1000.0, delivery.getValueAtPercentile(99) / 1000.0,
                ack.getValueAtPercentile(50) / 1000.0, ack.getValueAtPercentile(99) / 1000.0);
        System.out.flush();
        List<Conn> all = new ArrayList<>();
        ps.forEach(p -> all.addAll(List.of(p)));
        closeAll(all);
    }

    void broadcast(int roomSize, int broadcasts) throws Exception {
        AtomicLong t = new AtomicLong();
        List<Conn> members = open(roomSize, "big", t);
        Thread.sleep(3000);
        begin("BROADCAST");
        if (members.size() < 2) {
            System.out.println("BROADCAST members=" + members.size() + " complete=0");
            System.out.flush();
            closeAll(members);
            return;
        }
        double[] lastMs = new double[broadcasts];
        int complete = 0;
        long fewestReceived = Long.MAX_VALUE;
        for (int b = 0; b < broadcasts && !overDeadline(); b++) {
            int n = b;
            CountDownLatch all = new CountDownLatch(members.size() - 1);
            AtomicLong last = new AtomicLong();
            for (int i = 1; i < members.size(); i++) {
                members.get(i).onFrame = f -> {
                    if ("message".equals(f.path("type").asText()) && f.path("data").path("n").asInt(-1) == n) {
                        last.accumulateAndGet(System.nanoTime(), Math::max);
                        all.countDown();
                    }
                };
            }
            long start = System.nanoTime();
            members.get(0).send("{\"action\":\"send\",\"room\":\"big\",\"data\":{\"n\":" + b + "}}");
            if (all.await(20, TimeUnit.SECONDS)) {
                lastMs[complete++] = (last.get() - start) / 1e6;
            }
            fewestReceived = Math.min(fewestReceived, members.size() - 1 - all.getCount());
            Thread.sleep(500);
        }
        double[] done = Arrays.copyOf(lastMs, complete);
        Arrays.sort(done);
        System.out.printf(Locale.ROOT, "BROADCAST failedHandshakes=%d members=%d complete=%d broadcasts=%d"
                        + " fewestReceived=%d lastMemberMedianMs=%.1f all=%s%n", failedHandshakes.get(), members.size(),
                complete, broadcasts, fewestReceived, complete == 0 ? Double.NaN : done[complete / 2],
                Arrays.toString(done));
        System.out.flush();
        closeAll(members);
    }

    /** Opens the {@code counts} of plain connections in turn, stopping at each; returns what it holds. */
    List<Conn> hold(int[] counts) throws Exception {
        if (warmup > 0) {
            // one-time costs (class loading, the JIT, pools growing to their working size) are not a connection's:
            // open, ping and close a few first, on both servers alike, then take the baseline
            List<Conn> w = open(warmup, null, new AtomicLong());
            for (Conn c : w) {
                c.send("{\"action\":\"ping\"}");
            }
            Thread.sleep(1000);
            closeAll(w);
        }
        System.out.println("BASELINE");
        System.out.flush();
        stdin.readLine();
        begin("HANDSHAKES");
        List<Conn> held = new ArrayList<>();
        int previous = 0;
        for (int count : counts) {
            AtomicLong t = new AtomicLong();
            List<Conn> opened = open(count - previous, null, t, stopFile);
            held.addAll(opened);
            if (previous == 0) {
                System.out.printf(Locale.ROOT, "HANDSHAKES n=%d opened=%d seconds=%.2f perSecond=%.1f"
                                + " failedSoFar=%d errors=%s%n", count, opened.size(), t.get() / 1e9,
                        opened.size() / (t.get() / 1e9), failedHandshakes.get(),
                        errors.toString().replaceAll("[{} ]", ""));
            }
            Thread.sleep(2000);
            long open = held.stream().filter(c -> !c.ws.isInputClosed()).count();
            System.out.printf(Locale.ROOT, "HOLD target=%d held=%d%n", count, open);
            System.out.flush();
            stdin.readLine();
            previous = count;
            if (overDeadline()) {
                break;
            }
        }
        return held;
    }
}
