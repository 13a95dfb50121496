package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 27, reproduction 6: the rate limit was per connection, so five connections of one user got 100 frames through
 * where one got 20, and nothing capped connections per user. The rate is now the user's (one GCRA item per user) and
 * {@code $connect} refuses a user's connection beyond {@code maxConnectionsPerUser} with 429 TOO_MANY_CONNECTIONS.
 */
class PerUserLimitsTest {
    static final int CAP = 3;
    static Harness h;
    static ConnectHandler connect;
    static DisconnectHandler disconnect;
    static RoomsHandler rooms;

    @BeforeAll
    static void start() {
        h = new Harness();
        HandlerContext ctx = h.context(Map.of("MAX_CONNECTIONS_PER_USER", Integer.toString(CAP)));
        connect = new ConnectHandler(ctx);
        disconnect = new DisconnectHandler(ctx);
        rooms = new RoomsHandler(ctx);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static JsonNode connectAs(String id, String user) {
        return call(connect, Harness.connectEvent(id, user, null));
    }

    @Test
    void fiveConnectionsOfOneUser_getNoMoreFramesThroughThanOne() {
        // GIVEN a user with the cap's connections and another user with one (the rate is 10 a second, burst 20)
        List<String> many = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            String id = Harness.newConnectionId();
            assertThat(connectAs(id, "multi").path("statusCode").asInt()).isEqualTo(200);
            many.add(id);
        }
        String single = Harness.newConnectionId();
        connectAs(single, "single");
        long arrival = System.currentTimeMillis();
        // WHEN each connection sends 25 joins arriving at the same moment
        int passedMany = 0;
        for (String id : many) {
            passedMany += joins(id, "multi", arrival, 25);
        }
        int passedSingle = joins(single, "single", arrival, 25);
        // THEN the user's connections together get the burst, as one connection does
        assertThat(passedSingle).isEqualTo(20);
        assertThat(passedMany).isEqualTo(20);
    }

    private static int joins(String connectionId, String user, long arrival, int n) {
        int passed = 0;
        for (int i = 0; i < n; i++) {
            ObjectNode e = Harness.messageEvent(connectionId, user, Json.object().put("action", "join").put("room", "r-user"));
            ((ObjectNode) e.get("requestContext")).put("requestTimeEpoch", arrival);
            passed += "joined".equals(Harness.body(call(rooms, e)).path("type").asText()) ? 1 : 0;
        }
        return passed;
    }

    @Test
    void aConnectionBeyondTheCap_is429TooManyConnections_untilOneDisconnects() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            String id = Harness.newConnectionId();
            assertThat(connectAs(id, "capped").path("statusCode").asInt()).isEqualTo(200);
            ids.add(id);
        }
        String extra = Harness.newConnectionId();
        JsonNode refused = connectAs(extra, "capped");
        assertThat(refused.path("statusCode").asInt()).isEqualTo(429);
        assertThat(Harness.body(refused).path("code").asText()).isEqualTo("TOO_MANY_CONNECTIONS");
        assertThat(h.context().repository().connection(extra)).isEmpty();
        // another user is not affected; a retried $connect of a connection that holds a slot is
        assertThat(connectAs(Harness.newConnectionId(), "someone-else").path("statusCode").asInt()).isEqualTo(200);
        assertThat(connectAs(ids.get(0), "capped").path("statusCode").asInt()).isEqualTo(200);

        call(disconnect, Harness.disconnectEvent(ids.get(1), "capped"));
        assertThat(connectAs(extra, "capped").path("statusCode").asInt()).isEqualTo(200);
        assertThat(connectAs(Harness.newConnectionId(), "capped").path("statusCode").asInt()).isEqualTo(429);
    }

    @Test
    void concurrentHandshakesOfOneUser_openExactlyTheCap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> connectAs(Harness.newConnectionId(), "racer").path("statusCode").asInt()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : all) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(CAP);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(8 - CAP);
        } finally {
            pool.shutdownNow();
        }
    }
}
