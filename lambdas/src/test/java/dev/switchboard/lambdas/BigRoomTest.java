package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.lambdas.api.HandlerConfig;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A room of 1,000 members: the {@code joined} reply is bounded (count, a first page, a cursor), {@code members}
 * pages through the rest, and a join reads a bounded number of items instead of the whole room. Read units are
 * the ones dynalite reports with {@code ReturnConsumedCapacity} ({@link CapacityMeter}); DynamoDB meters a Query at one
 * read unit per started 4 KB of the items it returns, half when eventually consistent
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
 */
class BigRoomTest {
    static final int ROOM = 1_000;
    static final String BIG = "r-big-1000";
    static Harness h;
    static CapacityMeter meter = new CapacityMeter();
    static DynamoDbClient metered;
    static HandlerContext ctx;
    static RoomsHandler rooms;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness();
        metered = DynamoDbClient.builder().endpointOverride(h.dynalite.endpoint()).region(LocalClients.REGION)
                .credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
        HandlerConfig config = HandlerConfig.fromEnv(h.env(Map.of()));
        ctx = new HandlerContext(config, new ConnectionRepository(metered, h.table), new PresenceConvergenceTest.RecordingApi(),
                new Telemetry("switchboard", h.logs::add, Clock.systemUTC()), Clock.systemUTC());
        rooms = new RoomsHandler(ctx);
        ConnectionRepository plain = new ConnectionRepository(h.dynamo, h.table);
        long ttl = System.currentTimeMillis() / 1000 + 3600;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < ROOM; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    Member m = new Member(Harness.newConnectionId(), String.format("member-%04d", n), "us-east-1",
                            h.api.callbackUrl(), System.currentTimeMillis() - 60_000);
                    plain.putConnection(m, m.connectedAt(), ttl);
                    plain.addMembership(m, BIG, ttl);
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void stop() {
        metered.close();
        h.close();
    }

    static JsonNode frame(String connectionId, String user, JsonNode f) {
        return Harness.body(Harness.call(rooms, Harness.messageEvent(connectionId, user, f)));
    }

    static String open(String user) {
        String id = Harness.newConnectionId();
        assertThat(Harness.call(new ConnectHandler(ctx), Harness.connectEvent(id, user, null))
                .path("statusCode").asInt()).isEqualTo(200);
        return id;
    }

    @Test
    void join_ofARoomOf1000_repliesACountAndAFirstPage_andReadsABoundedNumberOfItems() {
        // GIVEN a room of 1,000 members and a newcomer
        String me = open("newcomer");
        // WHEN the newcomer joins
        meter.reset();
        JsonNode joined = frame(me, "newcomer", Json.object().put("action", "join").put("room", BIG));
        double reads = meter.reads();
        long items = meter.items();
        System.out.printf("join of a room of %d: %.1f read units, %d items read, %.1f write units, %d calls,"
                + " reply %d bytes%n", ROOM, reads, items, meter.writes(), meter.calls(), Json.bytes(joined).length);
        // THEN the reply is a count and one page with a cursor
        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("count").asInt()).isEqualTo(ROOM + 1);
        assertThat(joined.path("members")).hasSize(100);
        assertThat(joined.path("next").asText()).isNotEmpty();
        // AND the join read about a page of the room, not all of it
        assertThat(items).isLessThan(300);
        assertThat(reads).isLessThan(15);
    }

    @Test
    void members_pagesThroughTheWholeRoom_withEachUserOnce() {
        // GIVEN a member of the big room
        String me = open("pager");
        JsonNode page = frame(me, "pager", Json.object().put("action", "join").put("room", BIG));
        Set<String> seen = new HashSet<>();
        page.path("members").forEach(u -> seen.add(u.asText()));
        int pages = 1;
        // WHEN it follows the cursors
        while (page.hasNonNull("next")) {
            page = frame(me, "pager", Json.object().put("action", "members").put("room", BIG)
                    .put("cursor", page.get("next").asText()));
            assertThat(page.path("type").asText()).isEqualTo("members");
            assertThat(page.path("members").size()).isBetween(1, 100);
            page.path("members").forEach(u -> seen.add(u.asText()));
            pages++;
        }
        // THEN it saw every member (the room plus the pager, and the newcomer of the other test if it ran first)
        assertThat(seen).hasSizeGreaterThanOrEqualTo(ROOM + 1).contains("member-0000", "member-0999", "pager");
        assertThat(pages).isBetween(11, 12);
    }

    @Test
    void members_ofARoomTheConnectionIsNotIn_isNotAMember_andABadCursorIsMissingField() {
        String me = open("outsider");
        assertThat(frame(me, "outsider", Json.object().put("action", "members").put("room", BIG))
                .path("code").asText()).isEqualTo("NOT_A_MEMBER");
        frame(me, "outsider", Json.object().put("action", "join").put("room", "r-small-cursor"));
        for (String bad : List.of("garbage", "1.!!!", "1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString((BIG + "/T1=").getBytes()))) {
            assertThat(frame(me, "outsider", Json.object().put("action", "members").put("room", "r-small-cursor")
                    .put("cursor", bad)).path("code").asText()).as(bad).isEqualTo("MISSING_FIELD");
        }
        assertThat(frame(me, "outsider", Json.object().put("action", "members").put("room", "r-small-cursor")
                .put("cursor", 5)).path("code").asText()).isEqualTo("MISSING_FIELD");
    }
}
