package dev.switchboard.lambdas.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.InvocationDeadline;
import dev.switchboard.lambdas.api.InvocationDeadlines;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Both ends of the sharded fan-out over dynalite (the progress and frame records are real table items), with a
 * recording management API (our own {@link ManagementApi} interface) and an in-memory {@link ShardQueue}. The path
 * against a real SQS server is {@code local}'s {@code FanoutEndToEndTest}.
 */
class ShardedFanOutTest {
    private static DynaliteProcess dynalite;
    private static DynamoDbClient dynamo;
    private static String table;
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Records every delivered post; answers 410 for {@link #gone} and fails {@link #failOnce} the first time. */
    static final class RecordingApi implements ManagementApi {
        final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        final Set<String> gone = ConcurrentHashMap.newKeySet();
        final Set<String> failOnce = ConcurrentHashMap.newKeySet();

        @Override
        public Outcome post(Member recipient, byte[] frame) {
            if (gone.contains(recipient.connectionId())) {
                return Outcome.GONE;
            }
            if (failOnce.remove(recipient.connectionId())) {
                return Outcome.FAILED;
            }
            delivered.computeIfAbsent(recipient.connectionId(), k -> new AtomicInteger()).incrementAndGet();
            return Outcome.DELIVERED;
        }
    }

    /** Keeps what was sent; fails the shards whose index is in {@code refuse}. */
    static final class MemoryQueue implements ShardQueue {
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final Set<Integer> refuse = ConcurrentHashMap.newKeySet();
        final List<Integer> delays = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<Integer> send(List<String> b) {
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                if (refuse.contains(i)) {
                    failed.add(i);
                } else {
                    bodies.add(b.get(i));
                }
            }
            return failed;
        }

        @Override
        public void delay(String receiptHandle, int seconds) {
            delays.add(seconds);
        }
    }

    @BeforeAll
    static void start() {
        dynalite = DynaliteProcess.start();
        dynamo = LocalClients.dynamoDb(dynalite.endpoint());
        table = TableBootstrap.createTables(dynamo, Blueprint.reference(Environments.resolve("dev", Map.of()))).get(0);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        dynalite.close();
    }

    private static FanoutConfig config(int threshold, int shardSize) {
        return new FanoutConfig(threshold, shardSize, "http://queue", null, 2, 120, FanoutConfig.PROGRESS_TTL_SECONDS);
    }

    private static List<Member> room(String prefix, int n) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Member(prefix + i, "user-" + i, "us-east-1", "http://127.0.0.1:1/dev"));
        }
        return out;
    }

    private static String newId() {
        return "msg-" + IDS.incrementAndGet() + "-" + System.nanoTime();
    }

    private static String invoke(FanoutHandler h, List<String> bodies, int receiveCount) throws Exception {
        return invoke(h, bodies, receiveCount, null);
    }

    private static String invoke(FanoutHandler h, List<String> bodies, int receiveCount, Context context)
            throws Exception {
        StringBuilder records = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < bodies.size(); i++) {
            records.append(i == 0 ? "" : ",").append(Json.write(Json.object().put("messageId", "m" + i)
                    .put("receiptHandle", "rh" + i).put("body", bodies.get(i))
                    .set("attributes", Json.object().put("ApproximateReceiveCount", Integer.toString(receiveCount)))));
        }
        records.append("]}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(records.toString().getBytes(StandardCharsets.UTF_8)), out, context);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void enqueue_cutsTheRecipientsIntoShardsWithoutTheSender() {
        // GIVEN a room of 12 (the sender among them) and shards of 5
        MemoryQueue q = new MemoryQueue();
        ShardedFanOut s = new ShardedFanOut(config(5, 5), q, () -> new FanoutStore(dynamo, table), 256 * 1024);
        List<Member> members = room("a", 12);
        // WHEN
        ShardedFanOut.Queued r = s.enqueue(newId(), "big", "a3", members, "{\"type\":\"message\"}".getBytes(), 0);
        // THEN 11 recipients in shards of 5, 5 and 1, none of them the sender
        assertThat(r).isEqualTo(new ShardedFanOut.Queued(11, 0, 3));
        List<Shard> shards = q.bodies.stream().map(Shard::parse).toList();
        assertThat(shards).extracting(x -> x.recipients().size()).containsExactly(5, 5, 1);
        assertThat(shards.stream().flatMap(x -> x.recipients().stream()).map(Member::connectionId))
                .doesNotContain("a3").hasSize(11).doesNotHaveDuplicates();
        assertThat(shards.get(0).frame()).asString(StandardCharsets.UTF_8).isEqualTo("{\"type\":\"message\"}");
    }

    @Test
    void enqueue_aRefusedShard_isCountedAsNotQueued() {
        // GIVEN a queue that refuses the second shard
        MemoryQueue q = new MemoryQueue();
        q.refuse.add(1);
        ShardedFanOut s = new ShardedFanOut(config(5, 5), q, () -> new FanoutStore(dynamo, table), 256 * 1024);
        // WHEN
        ShardedFanOut.Queued r = s.enqueue(newId(), "big", "x", room("b", 12), "{}".getBytes(), 0);
        // THEN
        assertThat(r).isEqualTo(new ShardedFanOut.Queued(7, 5, 2));
    }

    @Test
    void largeFrame_travelsByReference_andTheWorkerReadsItBack() {
        // GIVEN a message limit that a shard with its 3,000-byte frame passes
        MemoryQueue q = new MemoryQueue();
        FanoutStore store = new FanoutStore(dynamo, table);
        ShardedFanOut s = new ShardedFanOut(config(5, 5), q, () -> store, 2_000);
        byte[] frame = ("{\"type\":\"message\",\"data\":\"" + "x".repeat(3000) + "\"}").getBytes();
        RecordingApi api = new RecordingApi();
        ShardWorker w = new ShardWorker(new Broadcaster(api, new ConnectionRepository(dynamo, table), 4), store, 4,
                3600, System::currentTimeMillis);
        // WHEN
        s.enqueue(newId(), "big", "x", room("c", 6), frame, System.currentTimeMillis());
        // THEN every shard carries a reference, fits, and delivers the stored frame
        assertThat(q.bodies).allSatisfy(b -> assertThat(b.getBytes().length).isLessThanOrEqualTo(2_000))
                .allSatisfy(b -> assertThat(Shard.parse(b).frameRef()).isTrue());
        q.bodies.forEach(b -> assertThat(w.deliver(Shard.parse(b)).complete()).isTrue());
        assertThat(api.delivered.keySet()).hasSize(6);
    }

    /** Lambda's partial batch response: only the failed shard comes back, and it skips whom it already reached. */
    @Test
    void retriedShard_reachesOnlyTheRecipientsItMissed() throws Exception {
        // GIVEN two shards of 5; one post of the first fails once, one recipient of the second is gone
        MemoryQueue q = new MemoryQueue();
        FanoutStore store = new FanoutStore(dynamo, table);
        ShardedFanOut s = new ShardedFanOut(config(5, 5), q, () -> store, 256 * 1024);
        RecordingApi api = new RecordingApi();
        api.failOnce.add("d2");
        api.gone.add("d7");
        FanoutHandler h = new FanoutHandler(new ShardWorker(new Broadcaster(api, new ConnectionRepository(dynamo, table),
                8), store, 8, 3600, System::currentTimeMillis), q, config(5, 5));
        s.enqueue(newId(), "big", "sender", room("d", 10), "{}".getBytes(), 0);
        // WHEN the batch is delivered, and then the failed record again (its second receive)
        String first = invoke(h, q.bodies, 1);
        String second = invoke(h, List.of(q.bodies.get(0)), 2);
        String third = invoke(h, q.bodies, 3);
        // THEN the first response names only the first shard, delayed 2 s; the retry completes it
        assertThat(Json.parseOrNull(first).get("batchItemFailures").toString()).isEqualTo("[{\"itemIdentifier\":\"m0\"}]");
        assertThat(q.delays).containsExactly(2);
        assertThat(second).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(third).isEqualTo("{\"batchItemFailures\":[]}");
        // and every live member was reached exactly once, the gone one never
        assertThat(api.delivered.keySet()).hasSize(9).doesNotContain("d7");
        assertThat(api.delivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    /**
     * Invokes {@code h} with one record as the event source mapping does: again, one receive more, while the response
     * reports it failed (at most 5 receives, the queue's {@code maxReceiveCount}); the responses.
     */
    private static List<String> untilDone(FanoutHandler h, String body) throws Exception {
        List<String> responses = new ArrayList<>();
        for (int receive = 1; receive <= 5; receive++) {
            String r = invoke(h, List.of(body), receive);
            responses.add(r);
            if (r.equals("{\"batchItemFailures\":[]}")) {
                break;
            }
        }
        return responses;
    }

    private static FanoutHandler handler(RecordingApi api, FanoutStore store, MemoryQueue q) {
        return new FanoutHandler(new ShardWorker(new Broadcaster(api, new ConnectionRepository(dynamo, table), 8),
                store, 8, 3600, System::currentTimeMillis), q, config(5, 5));
    }

    /** The fault run's "message delivered twice": a shard delivered to all, reported failed for its progress write. */
    @Test
    void completeShard_whoseProgressCannotBeWritten_isNotDeliveredAgain() throws Exception {
        // GIVEN a shard of 5 and a table that refuses every progress write
        MemoryQueue q = new MemoryQueue();
        FlakyProgressWrites flaky = new FlakyProgressWrites(dynamo, Integer.MAX_VALUE);
        FanoutStore store = new FanoutStore(flaky, table);
        new ShardedFanOut(config(1, 5), q, () -> store, 256 * 1024).enqueue(newId(), "big", "s", room("e", 5),
                "{}".getBytes(), 0);
        RecordingApi api = new RecordingApi();
        // WHEN it is consumed
        List<String> responses = untilDone(handler(api, store, q), q.bodies.get(0));
        // THEN it was done at the first receive, and each member got the frame once
        assertThat(flaky.failed.get()).isPositive();
        assertThat(responses).containsExactly("{\"batchItemFailures\":[]}");
        assertThat(api.delivered.keySet()).hasSize(5);
        assertThat(api.delivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void incompleteShard_writesItsProgressAgain_soItsRetryReachesOnlyWhomItMissed() throws Exception {
        // GIVEN a shard of 5 whose post to f2 fails once, and a table that refuses the first progress write
        MemoryQueue q = new MemoryQueue();
        FlakyProgressWrites flaky = new FlakyProgressWrites(dynamo, 1);
        FanoutStore store = new FanoutStore(flaky, table);
        new ShardedFanOut(config(1, 5), q, () -> store, 256 * 1024).enqueue(newId(), "big", "s", room("f", 5),
                "{}".getBytes(), 0);
        RecordingApi api = new RecordingApi();
        api.failOnce.add("f2");
        // WHEN it is consumed
        List<String> responses = untilDone(handler(api, store, q), q.bodies.get(0));
        // THEN the second receive completes it, and each member got the frame once
        assertThat(flaky.failed.get()).isEqualTo(1);
        assertThat(responses).hasSize(2);
        assertThat(api.delivered.keySet()).hasSize(5);
        assertThat(api.delivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void incompleteShard_whoseProgressIsNeverWritten_isStillRetried() throws Exception {
        // GIVEN a shard of 5 whose post to g2 fails once, and a table that refuses every progress write
        MemoryQueue q = new MemoryQueue();
        FanoutStore store = new FanoutStore(new FlakyProgressWrites(dynamo, Integer.MAX_VALUE), table);
        new ShardedFanOut(config(1, 5), q, () -> store, 256 * 1024).enqueue(newId(), "big", "s", room("g", 5),
                "{}".getBytes(), 0);
        RecordingApi api = new RecordingApi();
        api.failOnce.add("g2");
        // WHEN it is consumed
        List<String> responses = untilDone(handler(api, store, q), q.bodies.get(0));
        // THEN at least once wins: the retry reaches g2 (and, unavoidably, the others again)
        assertThat(responses).hasSize(2);
        assertThat(api.delivered.keySet()).hasSize(5);
        assertThat(api.delivered.get("g2").get()).isEqualTo(1);
    }

    @Test
    void progressWrite_isRetriedWhileTheInvocationHasTime_andGivenUpBeforeItEnds() throws Exception {
        // GIVEN a shard of 5 whose post to h2 fails once, a table that refuses every progress write, and an
        // invocation with 4 s left
        MemoryQueue q = new MemoryQueue();
        FlakyProgressWrites flaky = new FlakyProgressWrites(dynamo, Integer.MAX_VALUE);
        FanoutStore store = new FanoutStore(flaky, table);
        new ShardedFanOut(config(1, 5), q, () -> store, 256 * 1024).enqueue(newId(), "big", "s", room("h", 5),
                "{}".getBytes(), 0);
        RecordingApi api = new RecordingApi();
        api.failOnce.add("h2");
        long start = System.currentTimeMillis();
        // WHEN it is consumed
        String r = invoke(handler(api, store, q), List.of(q.bodies.get(0)), 1,
                InvocationDeadlines.lambdaContext(4_000));
        long took = System.currentTimeMillis() - start;
        // THEN the write was tried more often than without a deadline (5 passes), and the invocation still kept the
        // store margin before its end; the shard comes back
        assertThat(flaky.failed.get()).isGreaterThan(5);
        assertThat(took).isLessThan(4_000 - InvocationDeadline.STORE_MARGIN_MILLIS);
        assertThat(r).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
    }

    @Test
    void notAShard_isReportedFailed() throws Exception {
        // GIVEN a record whose body is not a shard
        MemoryQueue q = new MemoryQueue();
        FanoutHandler h = new FanoutHandler(new ShardWorker(new Broadcaster(new RecordingApi(),
                new ConnectionRepository(dynamo, table), 2), new FanoutStore(dynamo, table), 2, 3600,
                System::currentTimeMillis), q, config(5, 5));
        // WHEN
        String r = invoke(h, List.of("{\"hello\":1}"), 5);
        // THEN it is reported, with the backoff of a 5th receive: 2 x 2^4 = 32 s
        assertThat(r).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
        assertThat(q.delays).containsExactly(32);
    }
}
