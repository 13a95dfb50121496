package dev.switchboard.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.Limits;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One soak against one running server: holds {@link SoakOptions#connections()} connections in rooms, reconnects a share
 * of them each period, pings each held one once per keep-alive, samples the server every sample period, and at the end
 * checks that the server's state matches the connections still open. The clients are the load driver's
 * ({@link LoadDriver#open}: dev tokens, one fresh user per handshake) in this JVM, not the server's.
 *
 * <p>Bounded: the churn stops at the duration; each handshake waits at most 60 s and each request 10 s; at most
 * {@value #MAX_OUTSTANDING} reconnections are outstanding (the ones beyond are counted as skipped); the settling waits
 * at most {@value #SETTLE_SECONDS} s each.
 */
final class SoakRun {
    private static final int RECONNECT_THREADS = 8;
    private static final int MAX_OUTSTANDING = 64;
    private static final int SETTLE_SECONDS = 60;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Server server;
    private final SoakOptions o;
    private final LoadDriver client;
    private final ConnectionTableCount table;
    private final List<Slot> slots = new ArrayList<>();
    private final List<SoakSample> samples = new ArrayList<>();
    private final AtomicLong reconnections = new AtomicLong();
    private final AtomicLong reconnectsSkipped = new AtomicLong();
    private final AtomicLong sendsAcked = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Map<String, Integer> failures = new ConcurrentSkipListMap<>();
    private final Map<String, Integer> errorFrames = new ConcurrentSkipListMap<>();
    private volatile long churnStartNanos;

    /** A place in a room that one connection at a time holds; reconnection replaces the connection. */
    private final class Slot {
        final String room;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile LoadDriver.Conn conn;
        private volatile String awaited;
        private volatile CompletableFuture<JsonNode> reply = new CompletableFuture<>();

        Slot(String room) {
            this.room = room;
        }

        void hold(LoadDriver.Conn c) {
            conn = c;
            c.onFrame = this::onFrame;
        }

        boolean open() {
            LoadDriver.Conn c = conn;
            return c != null && c.ws != null && !c.ws.isInputClosed() && !c.ws.isOutputClosed();
        }

        private void onFrame(JsonNode f) {
            String type = f.path("type").asText();
            switch (type) {
                case "message" -> messagesReceived.incrementAndGet();
                case "pong" -> pongs.incrementAndGet();
                case "error" -> errorFrames.merge(f.path("code").asText("?"), 1, Integer::sum);
                default -> { }
            }
            if (type.equals(awaited) || "error".equals(type)) {
                reply.complete(f);
            }
        }

        /** Sends {@code frame} and waits for a frame of {@code type} (or an error); null when none came in time. */
        JsonNode request(String frame, String type) {
            awaited = type;
            reply = new CompletableFuture<>();
            try {
                conn.ws.sendText(frame, true).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return reply.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return null;
            } finally {
                awaited = null;
            }
        }
    }

    SoakRun(Server server, SoakOptions o) {
        this.server = server;
        this.o = o;
        this.client = new LoadDriver(server.url(), 32, o.duration().plusMinutes(30));
        this.table = server.dynamoEndpoint() == null ? null : new ConnectionTableCount(server.dynamoEndpoint());
        for (int i = 0; i < o.connections(); i++) {
            slots.add(new Slot("soak-" + i / o.roomSize()));
        }
    }

    /** Runs the soak; the result's keys are described in {@link SoakBenchmark}. */
    Map<String, Object> run() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("initialOpened", openAll());
        settle(r, "setup");
        churnStartNanos = System.nanoTime();
        SoakSample first = sample();
        if (table != null && first.liveConnections() > 0) {
            r.put("itemsPerConnection", (first.tableItems() - first.roomCountBuckets())
                    / (double) first.liveConnections());
        }
        churn();
        r.put("reconnections", reconnections.get());
        r.put("reconnectsSkipped", reconnectsSkipped.get());
        r.put("reconnectFailures", new LinkedHashMap<>(failures));
        r.put("sendsAcked", sendsAcked.get());
        r.put("messagesReceived", messagesReceived.get());
        r.put("keepAlivePings", pingsSent.get());
        r.put("pongs", pongs.get());
        r.put("errorFrames", new LinkedHashMap<>(errorFrames));
        settle(r, "after");
        r.put("samples", List.copyOf(samples));
        double warmUp = o.warmUp().toMillis() / 1000.0;
        r.put("rss", series(SoakSample::rssBytes, warmUp));
        r.put("fds", series(SoakSample::openFds, warmUp));
        roomCounts(r);
        awaitFullBuckets();
        closeAll(r);
        return r;
    }

    private Flatness series(java.util.function.ToLongFunction<SoakSample> value, double warmUpSeconds) {
        return Flatness.of(samples.stream().map(SoakSample::seconds).toList(),
                samples.stream().map(value::applyAsLong).toList(), warmUpSeconds, 0.10);
    }

    /** Opens every slot's connection (a room at a time) and joins each; returns how many opened. */
    private int openAll() throws InterruptedException {
        int opened = 0;
        for (int from = 0; from < slots.size(); from += o.roomSize()) {
            List<Slot> room = slots.subList(from, Math.min(slots.size(), from + o.roomSize()));
            List<LoadDriver.Conn> conns = client.open(room.size(), room.get(0).room, new AtomicLong());
            for (int i = 0; i < conns.size(); i++) {
                room.get(i).hold(conns.get(i));
            }
            for (Slot s : room) {
                if (s.conn != null && !isJoined(s.request(join(s.room), "joined"))) {
                    failures.merge("setup join", 1, Integer::sum);
                }
            }
            opened += conns.size();
        }
        return opened;
    }

    /** The churn: reconnections spread evenly over each period, keep-alive pings, samples; ends at the duration. */
    private void churn() throws InterruptedException {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        ExecutorService reconnectors = Executors.newFixedThreadPool(RECONNECT_THREADS);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger nextPing = new AtomicInteger();
        long sampleNanos = o.sampleEvery().toNanos();
        timers.scheduleAtFixedRate(this::sampleQuietly, sampleNanos, sampleNanos, TimeUnit.NANOSECONDS);
        if (o.reconnectsPerPeriod() > 0) {
            long every = o.reconnectEvery().toNanos() / o.reconnectsPerPeriod();
            timers.scheduleAtFixedRate(() -> {
                if (outstanding.get() >= MAX_OUTSTANDING) {
                    reconnectsSkipped.incrementAndGet();
                    return;
                }
                Slot s = slots.get(next.getAndIncrement() % slots.size());
                outstanding.incrementAndGet();
                reconnectors.execute(() -> {
                    try {
                        reconnect(s);
                    } finally {
                        outstanding.decrementAndGet();
                    }
                });
            }, every, every, TimeUnit.NANOSECONDS);
        }
        long pingEvery = Math.max(1, o.keepAlive().toNanos() / slots.size());
        timers.scheduleAtFixedRate(() -> ping(slots.get(nextPing.getAndIncrement() % slots.size())),
                pingEvery, pingEvery, TimeUnit.NANOSECONDS);
        long end = churnStartNanos + o.duration().toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        timers.shutdown(); // cancels the periodic tasks; a ping or sample under way finishes
        timers.awaitTermination(30, TimeUnit.SECONDS);
        reconnectors.shutdown();
        if (!reconnectors.awaitTermination(SETTLE_SECONDS, TimeUnit.SECONDS)) {
            reconnectors.shutdownNow();
        }
        sampleQuietly();
    }

    /** Close, then a fresh handshake with a fresh token into the same room, a re-join and {@code sends} sends. */
    private void reconnect(Slot s) {
        if (!s.busy.compareAndSet(false, true)) {
            reconnectsSkipped.incrementAndGet();
            return;
        }
        try {
            LoadDriver.Conn old = s.conn;
            if (old != null && old.ws != null) {
                try {
                    old.ws.sendClose(WebSocket.NORMAL_CLOSURE, "soak").get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    old.ws.abort();
                }
            }
            s.conn = null;
            List<LoadDriver.Conn> c = client.open(1, s.room, new AtomicLong());
            if (c.isEmpty()) {
                failures.merge("handshake", 1, Integer::sum);
                return;
            }
            s.hold(c.get(0));
            if (!isJoined(s.request(join(s.room), "joined"))) {
                failures.merge("join", 1, Integer::sum);
                return;
            }
            for (int k = 0; k < o.sends(); k++) {
                JsonNode ack = s.request("{\"action\":\"send\",\"room\":\"" + s.room + "\",\"ack\":true,\"data\":{\"n\":"
                        + k + "}}", "ack");
                if (ack == null || !"ack".equals(ack.path("type").asText())) {
                    failures.merge(ack == null ? "send: no ack" : "send: " + ack.path("code").asText(), 1,
                            Integer::sum);
                    return;
                }
                sendsAcked.incrementAndGet();
            }
            reconnections.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.busy.set(false);
        }
    }

    private void ping(Slot s) {
        if (!s.open() || !s.busy.compareAndSet(false, true)) {
            return;
        }
        try {
            s.conn.ws.sendText("{\"action\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
            pingsSent.incrementAndGet();
        } catch (Exception e) {
            failures.merge("keep-alive ping", 1, Integer::sum);
        } finally {
            s.busy.set(false);
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            failures.merge("sample: " + e.getClass().getSimpleName(), 1, Integer::sum);
        }
    }

    private synchronized SoakSample sample() {
        int live = (int) slots.stream().filter(Slot::open).count();
        long items = -1;
        long records = -1;
        long buckets = -1;
        if (table != null) {
            items = table.items();
            records = table.connectionRecords();
            buckets = table.roomCountBuckets();
        }
        SoakSample s = new SoakSample((System.nanoTime() - churnStartNanos) / 1e9,
                ProcessMemory.rssBytes(server.pid()), ProcessMemory.openFileDescriptors(server.pid()), live, items,
                records, buckets, reconnections.get());
        samples.add(s);
        System.out.println(server.name() + ": " + SoakReport.line(s));
        System.out.flush();
        return s;
    }

    /**
     * Waits until the table holds one connection record per open connection and {@code itemsPerConnection} items each
     * (besides the room count buckets), at most {@value #SETTLE_SECONDS} s; records what it saw under {@code key.*}.
     * A server without a table gets a fixed 5 s.
     */
    private void settle(Map<String, Object> r, String key) throws InterruptedException {
        if (table == null) {
            Thread.sleep(5000);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        Object perConnection = r.get("itemsPerConnection");
        long live;
        long records;
        long others;
        long t0 = System.nanoTime();
        do {
            live = slots.stream().filter(Slot::open).count();
            records = table.connectionRecords();
            others = table.items() - table.roomCountBuckets();
            boolean itemsMatch = !(perConnection instanceof Double p) || others == Math.round(p * live);
            if (records == live && itemsMatch) {
                break;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        r.put(key + ".liveConnections", live);
        r.put(key + ".connectionRecords", records);
        r.put(key + ".itemsBesideCountBuckets", others);
        r.put(key + ".settleSeconds", (System.nanoTime() - t0) / 1e9);
        if (perConnection instanceof Double p) {
            r.put(key + ".expectedItems", Math.round(p * live));
            r.put(key + ".tableMatchesLive", records == live && others == Math.round(p * live));
        }
    }

    /**
     * The server's own view of each room: one open member re-joins (idempotent) and its {@code joined} count, the
     * room's users, is compared with the room's open connections (one user each). On workerd this is the Durable
     * Objects' state, which has no table to count.
     */
    private void roomCounts(Map<String, Object> r) {
        int rooms = 0;
        int mismatched = 0;
        List<String> examples = new ArrayList<>();
        for (int from = 0; from < slots.size(); from += o.roomSize()) {
            List<Slot> room = slots.subList(from, Math.min(slots.size(), from + o.roomSize()));
            List<Slot> open = room.stream().filter(Slot::open).toList();
            if (open.isEmpty()) {
                continue;
            }
            rooms++;
            JsonNode joined = open.get(0).request(join(open.get(0).room), "joined");
            int count = isJoined(joined) ? joined.path("count").asInt(-1) : -1;
            if (count != open.size()) {
                mismatched++;
                if (examples.size() < 5) {
                    examples.add(open.get(0).room + ": server " + count + ", open " + open.size());
                }
            }
        }
        r.put("roomsChecked", rooms);
        r.put("roomsMismatched", mismatched);
        r.put("roomMismatchExamples", examples);
    }

    /**
     * Waits until every user's rate bucket is full again after {@link #roomCounts}' re-joins, which are counted
     * frames. A user's last {@code $disconnect} drops the user's rate item only when its bucket is full; a refilling
     * one stays until its TTL by design, so that reconnecting never refills it early (docs/data-model.md, pattern 9b).
     * Closing at once would leave such items, which the check after the close would count as leftovers. An empty
     * bucket is full again after {@code messageBurst / messageRatePerSecond} seconds.
     */
    private static void awaitFullBuckets() throws InterruptedException {
        Limits l = Blueprint.reference(Environments.resolve("dev", Map.of())).limits(); // the local API's
        Thread.sleep(1000L * l.messageBurst() / l.messageRatePerSecond() + 250);
    }

    /** Closes every connection; on a table, waits until no connection record and no membership is left. */
    private void closeAll(Map<String, Object> r) throws InterruptedException {
        for (Slot s : slots) {
            if (s.open()) {
                s.conn.ws.sendClose(WebSocket.NORMAL_CLOSURE, "soak over");
            }
        }
        if (table == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        long others;
        do {
            Thread.sleep(2000);
            others = table.items() - table.roomCountBuckets();
        } while (others != 0 && System.nanoTime() < deadline);
        r.put("afterClose.itemsBesideCountBuckets", others);
        if (others != 0) {
            r.put("afterClose.leftovers", table.itemsBesideCountBuckets(10));
        }
        table.close();
    }

    private static String join(String room) {
        return "{\"action\":\"join\",\"room\":\"" + room + "\"}";
    }

    private static boolean isJoined(JsonNode f) {
        return f != null && "joined".equals(f.path("type").asText());
    }
}
