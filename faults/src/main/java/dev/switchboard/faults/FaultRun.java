package dev.switchboard.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.lambdas.api.JdkHttp;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.local.LocalConfig;
import dev.switchboard.local.LocalGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.paginators.ScanIterable;

/**
 * One fault run, Jepsen's way: the local API (its handlers unchanged) behind a {@link FaultProxy}, driven by real
 * WebSocket clients while the proxy fails a share of the handlers' DynamoDB and management-API requests, then the
 * invariants checked with the faults off.
 *
 * <p>The workload, per connection {@code i} of {@code n} (user {@code user-(i/2)}, so every user has two connections,
 * in rooms of about 10): a handshake with {@code ?room=} (retried up to 3 times, as a client would), a {@code ping} to
 * learn its connection id, a {@code join}, three {@code send}s with acks, a {@code whisper} with an ack to the user of
 * connection {@code i+3}, a {@code members} page; then, once every connection is done, the even connections
 * {@code leave} and close and the odd ones stay open. Each connection sends one request at a time and waits for its
 * reply (at most {@link #REPLY_WAIT}), so error frames, which carry no correlation id, are matched to their request.
 *
 * <p>The checks ({@link Report#INVARIANTS}): no membership lost for a connection still open (connections the proxy
 * answered 410 for are counted apart: the handler believes API Gateway); no item of a connection that is not open
 * after the closes' {@code $disconnect}s and one TTL sweep; no message twice on one connection; every error code
 * documented in docs/protocol.md and every INTERNAL with its request id; every ack's {@code delivered} equal to the
 * receivers that got the message; no {@code Task timed out} line.
 */
public final class FaultRun implements AutoCloseable {
    /** How long a client waits for the reply to one request: the functions' 10 s timeout and a margin. */
    static final Duration REPLY_WAIT = Duration.ofSeconds(12);
    /** The observed count of sends acked as queued: the sends that took the sharded fan-out. */
    public static final String SHARDED_ACKS = "sends acked as queued (the sharded fan-out)";
    /**
     * How much longer than the longest wait of a failed shard ({@link FanoutSpec#lastBackoffSeconds()}: 32 s after its
     * fifth receive, before it moves to the dead-letter queue) the shard queue may go without shrinking before a run
     * stops waiting for it.
     */
    static final Duration SHARD_STALL_MARGIN = Duration.ofSeconds(13);
    /** The longest wait for the shard queue to empty, however it shrinks. */
    static final Duration SHARD_DRAIN_MAX = Duration.ofMinutes(10);
    private static final int SENDS = 3;

    private final Blueprint blueprint;
    private final Path root;
    private final DynaliteProcess dynalite;
    private final FaultProxy proxy;
    private final LocalGateway gateway;
    private final LocalConfig config;
    private final WebSocketClient client;
    private final DynamoDbClient checker;
    private final Set<String> documented;
    private final ShardQueues shardQueues;
    private int runs;

    static {
        // before this JVM's first HTTP request, as on Lambda (JdkHttp); the local API sets it too
        JdkHttp.noSilentPostRetry();
    }

    private FaultRun(Blueprint blueprint, Path root) throws Exception {
        this.blueprint = blueprint;
        this.root = root;
        this.documented = DocumentedCodes.read(root.resolve("docs/protocol.md"));
        this.proxy = FaultProxy.start();
        FaultRouting.route(proxy);
        this.dynalite = DynaliteProcess.start(root, 0, null);
        proxy.targets(dynalite.endpoint(), null);
        this.config = LocalConfig.defaults().withDynamoDbEndpoint(dynalite.endpoint().toString())
                .withProjectRoot(root).withInvocationThreads(64);
        this.gateway = LocalGateway.start(blueprint, config);
        this.shardQueues = new ShardQueues(gateway.fanoutQueues());
        proxy.targets(dynalite.endpoint(), gateway.callbackUrl());
        this.client = new WebSocketClient();
        client.setMaxTextMessageSize(1024 * 1024);
        // connections stay open until the run closes them (Jetty's client closes idle ones after 30 s by default)
        client.setIdleTimeout(Duration.ofMinutes(30));
        client.start();
        this.checker = LocalClients.dynamoDb(dynalite.endpoint());
    }

    /** Starts dynalite, the proxy and the local API for {@code blueprint}; {@code root} has node_modules and docs. */
    public static FaultRun start(Blueprint blueprint, Path root) {
        try {
            return new FaultRun(blueprint, root);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a fault run: " + e, e);
        }
    }

    /** The proxy, for its counts. */
    public FaultProxy proxy() {
        return proxy;
    }

    /** Runs the workload with {@code connections} clients under {@code plan} and checks the invariants. */
    public Report run(FaultPlan plan, int connections) throws Exception {
        int run = ++runs;
        Map<FaultKind, Long> injectedBefore = new HashMap<>();
        for (FaultKind k : FaultKind.values()) {
            injectedBefore.put(k, proxy.injected(k));
        }
        long dynamoBefore = proxy.requests(FaultKind.Target.DYNAMODB);
        long managementBefore = proxy.requests(FaultKind.Target.MANAGEMENT);
        Set<String> goneBefore = proxy.gone();
        // items an earlier run left are that run's findings, not this one's
        Set<String> leftBefore = orphans(Set.of()).keySet();
        Map<String, AtomicLong> ops = new ConcurrentHashMap<>();
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        Map<String, Long> violations = new HashMap<>();
        Map<String, List<String>> examples = new HashMap<>();
        Map<String, Long> observed = new HashMap<>();
        DevTokens tokens = new DevTokens(config.jwtSecret(), config.jwtIssuer(), config.jwtAudience(),
                Duration.ofHours(1), Clock.systemUTC());
        int rooms = Math.max(1, connections / 10);
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            conns.add(new Conn(i, "r" + run + "-user-" + (i / 2), "r" + run + "-room-" + (i % rooms)));
        }
        Map<Conn, String> ids = new ConcurrentHashMap<>();
        Map<String, Conn> opened = new ConcurrentHashMap<>();

        try (StdoutLines timedOut = new StdoutLines("Task timed out")) {
            proxy.plan(plan);
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            CountDownLatch done = new CountDownLatch(connections);
            for (Conn c : conns) {
                pool.submit(() -> {
                    try {
                        script(c, conns, tokens, ids, ops, outcomes);
                    } catch (Exception e) {
                        count(outcomes, "client error " + e.getClass().getSimpleName());
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await(5, TimeUnit.MINUTES);
            // frames posted just before the last replies are still on their way
            Thread.sleep(1000);
            // shards retried after a failure come back after 2, 4, 8, 16 s, and a backlog takes its time: all consumed
            // or dead-lettered, still under faults, before any connection closes (a closed recipient is gone, not
            // skipped, but a shard posted after the close would count it as skipped)
            Duration stall = Duration.ofSeconds(blueprint.fanout().lastBackoffSeconds()).plus(SHARD_STALL_MARGIN);
            ShardQueues.Drain drain = shardQueues.awaitDrained(stall, SHARD_DRAIN_MAX);
            if (drain.held() > 0) {
                // their recipients count as skipped below: the report says so, and how many shards it was
                observed.put("shards still queued when the queue stopped shrinking for " + stall.toSeconds()
                        + " s (their recipients are counted as skipped)", drain.held());
            } else if (drain.elapsed().toSeconds() > 1) {
                // a backlog the consumers worked through: late, not skipped
                observed.put("seconds from the last reply until the shard queue was empty (a backlog)",
                        drain.elapsed().toSeconds());
            }
            ShardQueues.DeadLetters dead = shardQueues.takeDeadLetters();
            if (dead.shards() > 0) {
                observed.put("shards dead-lettered (the DLQ alarm's metric, ApproximateNumberOfMessagesVisible: "
                        + dead.alarmMetric() + ")", (long) dead.shards());
            }
            CountDownLatch closed = new CountDownLatch(connections);
            for (Conn c : conns) {
                pool.submit(() -> {
                    try {
                        if (c.isOpen() && c.index % 2 == 0) {
                            request(c, "{\"action\":\"leave\",\"room\":\"" + c.room + "\"}", "leave", ops, outcomes);
                            count(ops, "close");
                            c.close();
                        } else if (c.isOpen()) {
                            opened.put(ids.getOrDefault(c, "?" + c.index), c);
                        }
                    } catch (Exception e) {
                        count(outcomes, "client error " + e.getClass().getSimpleName());
                    } finally {
                        closed.countDown();
                    }
                });
            }
            closed.await(5, TimeUnit.MINUTES);
            pool.shutdownNow();
            Set<String> expected = new HashSet<>(opened.keySet());
            expected.addAll(leftBefore);
            awaitDisconnects(expected, Duration.ofSeconds(30));
            proxy.plan(FaultPlan.none());
            gateway.sweepTtlNow();

            Set<String> gone = new HashSet<>(proxy.gone());
            gone.removeAll(goneBefore);
            checkMemberships(conns, ids, gone, violations, examples, observed);
            Set<String> notMine = new HashSet<>(opened.keySet());
            notMine.addAll(leftBefore);
            checkRecords(notMine, violations, examples);
            Map<String, Long> goneByRoom = new HashMap<>();
            ids.forEach((c, id) -> {
                if (gone.contains(id)) {
                    goneByRoom.merge(c.room, 1L, Long::sum);
                }
            });
            Set<String> known = new HashSet<>(ids.values());
            checkDeliveries(conns, goneByRoom, dead, cid -> {
                Set<String> ghosts = new HashSet<>(proxy.postedTo(cid));
                ghosts.removeAll(known);
                return ghosts.size();
            }, violations, examples, observed);
            checkErrors(conns, violations, examples);
            violations.put(Report.DEADLINE, timedOut.count());
            // the next run starts with no connection of this one
            opened.values().forEach(Conn::close);
            awaitDisconnects(leftBefore, Duration.ofSeconds(30));
        }
        observed.put("frames to abandoned handshakes (a client gave up before the 101)",
                conns.stream().mapToLong(c -> c.strays.get()).sum());
        Map<String, Long> injected = new HashMap<>();
        for (FaultKind k : FaultKind.values()) {
            long n = proxy.injected(k) - injectedBefore.get(k);
            if (n > 0) {
                injected.put(k.name(), n);
            }
        }
        return new Report(plan.rate(), connections, snapshot(ops),
                Map.of("dynamodb", proxy.requests(FaultKind.Target.DYNAMODB) - dynamoBefore,
                        "management", proxy.requests(FaultKind.Target.MANAGEMENT) - managementBefore),
                injected, snapshot(outcomes), violations, examples, observed);
    }

    private void script(Conn c, List<Conn> conns, DevTokens tokens, Map<Conn, String> ids,
                        Map<String, AtomicLong> ops, Map<String, AtomicLong> outcomes) throws Exception {
        URI uri = URI.create(gateway.websocketUrl() + "?token=" + tokens.token(c.user) + "&room="
                + URLEncoder.encode(c.room, StandardCharsets.UTF_8));
        boolean open = false;
        for (int attempt = 0; attempt < 3 && !open; attempt++) {
            count(ops, "handshake");
            open = c.open(client, uri);
            if (!open) {
                count(outcomes, "handshake refused");
            }
        }
        if (!open) {
            return;
        }
        JsonNode pong = request(c, "{\"action\":\"ping\"}", "ping", ops, outcomes);
        if (pong != null && pong.has("connectionId")) {
            ids.put(c, pong.get("connectionId").asText());
        }
        request(c, "{\"action\":\"join\",\"room\":\"" + c.room + "\"}", "join", ops, outcomes);
        for (int k = 0; k < SENDS; k++) {
            String cid = c.room.substring(0, c.room.indexOf('-')) + "-c" + c.index + "-" + k;
            request(c, "{\"action\":\"send\",\"room\":\"" + c.room + "\",\"ack\":true,\"cid\":\"" + cid
                    + "\",\"data\":{\"n\":" + k + "}}", "send", cid, ops, outcomes);
        }
        Conn to = conns.get((c.index + 3) % conns.size());
        String cid = c.room.substring(0, c.room.indexOf('-')) + "-w" + c.index;
        request(c, "{\"action\":\"whisper\",\"to\":\"" + to.user + "\",\"ack\":true,\"cid\":\"" + cid
                + "\",\"data\":\"psst\"}", "whisper", cid, ops, outcomes);
        request(c, "{\"action\":\"members\",\"room\":\"" + c.room + "\"}", "members", ops, outcomes);
    }

    private static JsonNode request(Conn c, String frame, String op, Map<String, AtomicLong> ops,
                                    Map<String, AtomicLong> outcomes) throws InterruptedException {
        return request(c, frame, op, null, ops, outcomes);
    }

    /**
     * Sends {@code frame} and waits for its reply; an ack for another {@code cid} (a late reply to an earlier request)
     * is skipped, since acks carry their request's {@code cid}.
     */
    private static JsonNode request(Conn c, String frame, String op, String cid, Map<String, AtomicLong> ops,
                                    Map<String, AtomicLong> outcomes) throws InterruptedException {
        if (!c.isOpen()) {
            count(outcomes, op + ": connection closed");
            return null;
        }
        count(ops, op);
        c.send(frame);
        long end = System.nanoTime() + REPLY_WAIT.toNanos();
        JsonNode reply = c.reply(REPLY_WAIT);
        while (reply != null && "ack".equals(reply.path("type").asText())
                && !reply.path("cid").asText().equals(cid)) {
            reply = c.reply(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
        if (reply == null) {
            count(outcomes, op + ": no reply");
        } else if ("error".equals(reply.path("type").asText())) {
            count(outcomes, op + ": " + reply.path("code").asText());
        } else {
            count(outcomes, op + ": " + reply.path("type").asText(reply.has("message") ? "gateway error" : "?"));
        }
        return reply;
    }

    /** Waits until no item refers to a connection that is not open, or {@code max} passes. */
    private void awaitDisconnects(Set<String> open, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end && !orphans(open).isEmpty()) {
            Thread.sleep(500);
        }
    }

    /** Connection ids that items of the table refer to (key or attribute) but that are not in {@code open}. */
    private Map<String, List<String>> orphans(Set<String> open) {
        Map<String, List<String>> out = new HashMap<>();
        ScanIterable pages = checker.scanPaginator(b -> b.tableName(gateway.connectionTable()).consistentRead(true));
        for (Map<String, AttributeValue> item : pages.items()) {
            String id = null;
            String pk = item.getOrDefault("pk", AttributeValue.fromS("")).s();
            if (pk != null && pk.startsWith("CONN#")) {
                id = pk.substring(5);
            } else if (item.containsKey("connectionId")) {
                id = item.get("connectionId").s();
            }
            if (id != null && !open.contains(id)) {
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(pk + " / " + item.get("sk").s());
            }
        }
        return out;
    }

    private void checkMemberships(List<Conn> conns, Map<Conn, String> ids, Set<String> gone,
                                  Map<String, Long> violations, Map<String, List<String>> examples,
                                  Map<String, Long> observed) {
        ConnectionRepository repo = new ConnectionRepository(checker, gateway.connectionTable());
        long lost = 0;
        long lostTo410 = 0;
        for (Conn c : conns) {
            String id = ids.get(c);
            if (c.index % 2 == 0 || id == null || !c.isOpen()) {
                continue;
            }
            if (!repo.isMember(id, c.room)) {
                if (gone.contains(id)) {
                    lostTo410++;
                } else {
                    lost++;
                    example(examples, Report.MEMBERSHIP_LOST, c.user + " (" + id + ") in " + c.room);
                }
            }
        }
        violations.put(Report.MEMBERSHIP_LOST, lost);
        observed.put("memberships lost to an injected 410 (the handler forgets a connection API Gateway calls gone)",
                lostTo410);
    }

    private void checkRecords(Set<String> open, Map<String, Long> violations, Map<String, List<String>> examples) {
        Map<String, List<String>> left = orphans(open);
        violations.put(Report.RECORDS_LEFT, (long) left.size());
        left.entrySet().stream().limit(5).forEach(e -> example(examples, Report.RECORDS_LEFT,
                e.getKey() + ": " + e.getValue()));
    }

    /**
     * No message twice on a connection; an inline ack's {@code delivered} equals its receivers; a sharded ack's
     * {@code queued} recipients all got the message, except those in dead-lettered shards, connections no client
     * knows (a handshake the client gave up on, whose {@code $connect} still joined the room: the fan-out posted to
     * them, the proxy saw it) and, as an upper bound, connections of the sender's room the proxy answered 410 for (the
     * fan-out forgets them, as the handler believes API Gateway): what is left is a skipped recipient.
     */
    private static void checkDeliveries(List<Conn> conns, Map<String, Long> goneByRoom, ShardQueues.DeadLetters dead,
                                        java.util.function.ToIntFunction<String> ghosts,
                                        Map<String, Long> violations, Map<String, List<String>> examples,
                                        Map<String, Long> observed) {
        Map<String, Integer> acked = new HashMap<>();
        Map<String, Integer> queued = new HashMap<>();
        Map<String, String> roomOfCid = new HashMap<>();
        for (Conn c : conns) {
            for (JsonNode f : c.received) {
                if ("ack".equals(f.path("type").asText())) {
                    if (f.path("queued").asInt() > 0) {
                        queued.put(f.path("cid").asText(), f.path("queued").asInt());
                        roomOfCid.put(f.path("cid").asText(), c.room);
                    } else {
                        acked.put(f.path("cid").asText(), f.path("delivered").asInt());
                    }
                }
            }
        }
        Map<String, Integer> received = new HashMap<>();
        long duplicates = 0;
        for (Conn c : conns) {
            Set<String> seen = new HashSet<>();
            for (JsonNode f : c.received) {
                String type = f.path("type").asText();
                if (!type.equals("message") && !type.equals("whisper")) {
                    continue;
                }
                if (!seen.add(f.path("id").asText() + "/" + f.path("cid").asText())) {
                    duplicates++;
                    example(examples, Report.DUPLICATES, c.user + " got " + f);
                }
                received.merge(f.path("cid").asText(), 1, Integer::sum);
            }
        }
        violations.put(Report.DUPLICATES, duplicates);
        long mismatches = 0;
        for (Map.Entry<String, Integer> a : acked.entrySet()) {
            int got = received.getOrDefault(a.getKey(), 0);
            if (got != a.getValue()) {
                mismatches++;
                example(examples, Report.ACK_MISMATCH, a.getKey() + ": ack delivered " + a.getValue() + ", received "
                        + got);
            }
        }
        violations.put(Report.ACK_MISMATCH, mismatches);
        long skipped = 0;
        for (Map.Entry<String, Integer> q : queued.entrySet()) {
            long missing = q.getValue() - received.getOrDefault(q.getKey(), 0)
                    - dead.recipientsByCid().getOrDefault(q.getKey(), 0)
                    - goneByRoom.getOrDefault(roomOfCid.get(q.getKey()), 0L)
                    - ghosts.applyAsInt(q.getKey());
            if (missing > 0) {
                skipped += missing;
                example(examples, Report.SKIPPED, q.getKey() + ": queued " + q.getValue() + ", received "
                        + received.getOrDefault(q.getKey(), 0));
            }
        }
        violations.put(Report.SKIPPED, skipped);
        if (!queued.isEmpty()) {
            observed.put(SHARDED_ACKS, (long) queued.size());
        }
    }

    private void checkErrors(List<Conn> conns, Map<String, Long> violations, Map<String, List<String>> examples) {
        long undocumented = 0;
        long internalWithoutId = 0;
        for (Conn c : conns) {
            for (JsonNode f : c.received) {
                String type = f.path("type").asText(null);
                if (type == null) {
                    // API Gateway's own answer to a handler crash on a two-way route (docs/protocol.md, Errors)
                    boolean gatewayCrash = "Internal server error".equals(f.path("message").asText())
                            && f.has("requestId");
                    if (!gatewayCrash) {
                        undocumented++;
                        example(examples, Report.UNDOCUMENTED, f.toString());
                    }
                } else if (type.equals("error")) {
                    String code = f.path("code").asText();
                    if (!documented.contains(code)) {
                        undocumented++;
                        example(examples, Report.UNDOCUMENTED, f.toString());
                    } else if (code.equals("INTERNAL") && !f.path("message").asText().contains("request id ")) {
                        internalWithoutId++;
                        example(examples, Report.INTERNAL_WITHOUT_ID, f.toString());
                    }
                }
            }
        }
        violations.put(Report.UNDOCUMENTED, undocumented);
        violations.put(Report.INTERNAL_WITHOUT_ID, internalWithoutId);
    }

    private static void example(Map<String, List<String>> examples, String invariant, String text) {
        List<String> list = examples.computeIfAbsent(invariant, k -> new ArrayList<>());
        if (list.size() < 3) {
            list.add(text);
        }
    }

    private static void count(Map<String, AtomicLong> map, String key) {
        map.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> map) {
        Map<String, Long> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void close() throws Exception {
        FaultRouting.clear();
        client.stop();
        checker.close();
        gateway.close();
        dynalite.close();
        proxy.close();
    }
}
