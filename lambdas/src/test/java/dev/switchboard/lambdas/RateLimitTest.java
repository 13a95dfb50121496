package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The rate limit of docs/protocol.md: at most {@code burst + floor(rate × t)} counted frames in any interval of
 * {@code t} seconds, judged at API Gateway's arrival time ({@code requestTimeEpoch}, present on every MESSAGE event:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html),
 * refused for a connection with no record, one write unit per counted frame (DynamoDB meters a write at one unit per
 * started KB of the item, and an update of an item an index projects writes the index too:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations).
 * Handler-level cases drive {@code join} frames (burst 20, 10 a second, the blueprint's defaults).
 */
class RateLimitTest {
    static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** A rooms handler whose instance clock reads {@code clockMillis}. */
    static RoomsHandler instance(long clockMillis) {
        return new RoomsHandler(h.context().withClock(Clock.fixed(Instant.ofEpochMilli(clockMillis), ZoneOffset.UTC)));
    }

    static String open(String user) {
        String id = Harness.newConnectionId();
        Harness.call(new ConnectHandler(h.context()), Harness.connectEvent(id, user, null));
        return id;
    }

    /** Sends {@code n} join frames arriving at {@code arrival} through {@code handler}; returns how many passed. */
    static int joins(RoomsHandler handler, String connectionId, long arrival, int n) {
        int passed = 0;
        for (int i = 0; i < n; i++) {
            ObjectNode e = Harness.messageEvent(connectionId, "u-" + connectionId,
                    Json.object().put("action", "join").put("room", "r-rate"));
            ((ObjectNode) e.get("requestContext")).put("requestTimeEpoch", arrival);
            JsonNode reply = Harness.body(Harness.call(handler, e));
            passed += "joined".equals(reply.path("type").asText()) ? 1 : 0;
        }
        return passed;
    }

    @Test
    void aBurstAtTheEndOfOneWindowAndTheStartOfTheNext_passesOnlyTheBurst() {
        // GIVEN a connection and an instant 1 ms before a 2-second boundary (v1's window)
        String c = open("burster");
        long boundary = (System.currentTimeMillis() / 2000 + 1) * 2000;
        // WHEN 20 frames arrive 1 ms before it and 20 more 1 ms after it
        int before = joins(instance(boundary - 1), c, boundary - 1, 20);
        int after = joins(instance(boundary + 1), c, boundary + 1, 20);
        // THEN the burst passes once: 2 ms refill no frame at 10 a second
        assertThat(before).isEqualTo(20);
        assertThat(after).as("frames passed 2 ms after a full burst").isZero();
    }

    @Test
    void anInstanceWhoseClockIsBehind_acceptsAFrameThatIsValidWhenItArrives() {
        // GIVEN a full burst counted by an instance with a true clock, 100 ms before a 2-second boundary
        String c = open("skewed");
        long t0 = (System.currentTimeMillis() / 2000 + 1) * 2000 - 100;
        assertThat(joins(instance(t0), c, t0, 20)).isEqualTo(20);
        // WHEN 300 ms later (3 frames refilled) a frame reaches an instance whose clock is 500 ms behind
        int passed = joins(instance(t0 + 300 - 500), c, t0 + 300, 1);
        // THEN it passes: the arrival time counts, not the instance's clock
        assertThat(passed).isEqualTo(1);
    }

    @Test
    void aConnectionWithNoRecord_isRateLimited() {
        // GIVEN a connection id the table has no record of (never connected, or expired and purged)
        String ghost = Harness.newConnectionId();
        ObjectNode e = Harness.messageEvent(ghost, "ghost", Json.object().put("action", "join").put("room", "r-rate"));
        // WHEN it sends a counted frame
        JsonNode reply = Harness.body(Harness.call(instance(System.currentTimeMillis()), e));
        // THEN
        assertThat(reply.path("code").asText()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void aMalformedFrameFromAConnectionOverItsLimit_isBadJsonNotRateLimited() {
        // GIVEN a connection that has spent its burst
        String c = open("garbled");
        long now = System.currentTimeMillis();
        assertThat(joins(instance(now), c, now, 20)).isEqualTo(20);
        // WHEN it sends a frame that is not JSON
        ObjectNode e = Harness.messageEvent(c, "u-" + c, "{not json", "$default");
        ((ObjectNode) e.get("requestContext")).put("requestTimeEpoch", now);
        JsonNode reply = Harness.body(Harness.call(instance(now), e));
        // THEN the client learns what is wrong with the frame, not that it is over the rate
        assertThat(reply.path("code").asText()).isEqualTo("BAD_JSON");
    }

    @Test
    void overAnyInterval_atMostBurstPlusRateTimesItsLength_pass() {
        // GIVEN a connection sending one frame every 20 ms for 3 s (50 a second, 5x the rate)
        ConnectionRepository repo = new ConnectionRepository(h.dynamo, h.table);
        Member m = new Member(Harness.newConnectionId(), "steady", "us-east-1", "http://127.0.0.1/dev");
        repo.putConnection(m, 1L, Harness.ttl());
        long t0 = 1_000_000_000L;
        List<Long> passed = new ArrayList<>();
        for (long t = t0; t < t0 + 3000; t += 20) {
            if (repo.tryAcquire(m.userId(), m.connectionId(), t, 10, 20)) {
                passed.add(t);
            }
        }
        // THEN every interval [s, s + L] holds at most 20 + floor(10 × L / 1000) of them
        for (int i = 0; i < passed.size(); i++) {
            for (int j = i; j < passed.size(); j++) {
                long length = passed.get(j) - passed.get(i);
                assertThat(j - i + 1L).as("frames in [%d, %d]", passed.get(i), passed.get(j))
                        .isLessThanOrEqualTo(20 + 10 * length / 1000);
            }
        }
        assertThat(passed).hasSizeBetween(20 + 29, 20 + 30);
    }

    @Test
    void underConcurrency_neverMoreThanTheBurstPass() throws Exception {
        // GIVEN a connection and 8 threads sending 10 frames each, all arriving at one instant
        ConnectionRepository repo = new ConnectionRepository(h.dynamo, h.table);
        Member m = new Member(Harness.newConnectionId(), "racer", "us-east-1", "http://127.0.0.1/dev");
        repo.putConnection(m, 1L, Harness.ttl());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> {
                    int ok = 0;
                    for (int j = 0; j < 10; j++) {
                        ok += repo.tryAcquire(m.userId(), m.connectionId(), 9_000_000L, 10, 20) ? 1 : 0;
                    }
                    return ok;
                });
            }
            int allowed = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                allowed += f.get();
            }
            // THEN at most the burst passed (a frame that loses MAX_ATTEMPTS races is refused, never let through)
            assertThat(allowed).isBetween(1, 20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCountedFrame_costsOneWriteUnit_onAnItemNoIndexCopies() {
        // GIVEN a connection whose record is in the byUser index, measured through ReturnConsumedCapacity
        CapacityMeter meter = new CapacityMeter();
        try (DynamoDbClient metered = DynamoDbClient.builder().endpointOverride(h.dynalite.endpoint())
                .region(LocalClients.REGION).credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build()) {
            ConnectionRepository repo = new ConnectionRepository(metered, h.table);
            Member m = new Member(Harness.newConnectionId(), "metered-user-with-a-rather-long-id-" + "x".repeat(40),
                    "us-east-1", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod");
            repo.putConnection(m, System.currentTimeMillis(), Harness.ttl());
            repo.tryAcquire(m.userId(), m.connectionId(), 5_000_000L, 10, 20);
            meter.reset();
            // WHEN 10 frames are counted, 1 s apart (each the first of v1's 2-second windows half of the time)
            for (int i = 1; i <= 10; i++) {
                assertThat(repo.tryAcquire(m.userId(), m.connectionId(), 5_000_000L + i * 1000L, 10, 20)).isTrue();
            }
            // THEN one write unit each, no failed conditional write, one read each
            System.out.printf("rate limit, 10 counted frames: %.1f write units, %.1f read units, %d failed writes%n",
                    meter.writes(), meter.reads(), meter.failedWrites());
            assertThat(meter.missing()).isZero();
            assertThat(meter.writes()).isEqualTo(10.0);
            assertThat(meter.failedWrites()).isZero();
            assertThat(meter.reads()).isEqualTo(10.0);
            // AND the item the counter lives on has no index key and is far below 1 KB
            Map<String, AttributeValue> item = h.dynamo.getItem(r -> r.tableName(h.table).key(Map.of(
                    ConnectionSchema.PK, AttributeValue.fromS("USER#" + m.userId()),
                    ConnectionSchema.SK, AttributeValue.fromS(ConnectionSchema.RATE)))).item();
            assertThat(item).doesNotContainKey(ConnectionSchema.GSI1_PK).containsKeys(ConnectionSchema.RATE_TAT,
                    ConnectionSchema.RATE_LAST, ConnectionSchema.TTL);
            int bytes = item.entrySet().stream().mapToInt(e -> e.getKey().length()
                    + (e.getValue().s() != null ? e.getValue().s().length() : 21)).sum();
            assertThat(bytes).isLessThan(200);
        }
    }
}
