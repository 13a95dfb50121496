package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Slot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lost {@code $disconnect} ("a best-effort event",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html)
 * must not lock a user out: a {@code $connect} at the per-user cap takes over the slot of a connection GetConnection
 * calls gone (410), through the real SDK client against a real HTTP server, and never the slot of one that is open.
 */
class StaleSlotsTest {
    static final int CAP = 3;
    static Harness h;
    static HandlerContext ctx;
    static ConnectHandler connect;
    /** The same handlers two minutes later: the slots taken now are past the handshake grace (60 s) by then. */
    static ConnectHandler later;

    @BeforeAll
    static void start() {
        h = new Harness();
        ctx = h.context(Map.of("MAX_CONNECTIONS_PER_USER", Integer.toString(CAP)));
        connect = new ConnectHandler(ctx);
        later = new ConnectHandler(ctx.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2))));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static int connectAs(String id, String user) {
        return connectAs(connect, id, user);
    }

    private static int connectAs(ConnectHandler handler, String id, String user) {
        JsonNode r = call(handler, Harness.connectEvent(id, user, null));
        if (r.path("statusCode").asInt() == 200) {
            h.api.connect(id); // the handshake completed: GetConnection answers 200 from now on
        }
        return r.path("statusCode").asInt();
    }

    private static List<String> holders(String user) {
        return ctx.repository().slotHolders(user).stream().map(Slot::connectionId).toList();
    }

    @Test
    void atTheCap_aGoneConnectionsSlotIsTakenOver_anOpenOnesNever() {
        // GIVEN a user at the cap with three open connections
        String user = "stale-" + Harness.newConnectionId().substring(0, 6);
        List<String> open = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            String id = Harness.newConnectionId();
            assertThat(connectAs(id, user)).isEqualTo(200);
            open.add(id);
        }
        // WHEN a fourth connects while all three are open, now or two minutes later, THEN it is refused
        assertThat(connectAs(Harness.newConnectionId(), user)).isEqualTo(429);
        assertThat(connectAs(later, Harness.newConnectionId(), user)).isEqualTo(429);
        // WHEN one of them goes away without its $disconnect (API Gateway answers 410 for it now)
        String gone = open.get(1);
        h.api.drop(gone);
        // THEN a handshake right away does not take its slot (it might be a handshake still running) ...
        assertThat(connectAs(Harness.newConnectionId(), user)).isEqualTo(429);
        // ... one two minutes later does, and the cap still holds exactly
        String fresh = Harness.newConnectionId();
        assertThat(connectAs(later, fresh, user)).isEqualTo(200);
        assertThat(holders(user)).containsExactlyInAnyOrder(open.get(0), open.get(2), fresh);
        assertThat(connectAs(later, Harness.newConnectionId(), user)).isEqualTo(429);
        assertThat(h.logs).anyMatch(l -> l.contains("took over the connection slot of a gone connection")
                && l.contains(gone));
    }

    @Test
    void aSlotWithoutItsConnectionRecord_isTakenAfterTheGrace() {
        // GIVEN a user whose three slots are held by handshakes that never stored their records
        String user = "unrecorded-" + Harness.newConnectionId().substring(0, 6);
        long ttl = System.currentTimeMillis() / 1000 + ctx.config().connectionTtlSeconds();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            String id = "unrecorded-" + Harness.newConnectionId();
            assertThat(ctx.repository().acquireSlot(user, id, CAP, ttl)).isTrue();
            held.add(id);
        }
        // WHEN a handshake comes at once THEN they may still be running: refused
        assertThat(connectAs(Harness.newConnectionId(), user)).isEqualTo(429);
        // WHEN two handshakes come two minutes later THEN they take two of the slots
        String a = Harness.newConnectionId();
        String b = Harness.newConnectionId();
        assertThat(connectAs(later, a, user)).isEqualTo(200);
        assertThat(connectAs(later, b, user)).isEqualTo(200);
        assertThat(holders(user)).hasSize(CAP).contains(a, b).containsAnyElementsOf(held);
    }

    @Test
    void aHolderWhoseLivenessIsUnknown_keepsItsSlot() {
        // GIVEN a user at the cap whose connections' records point at a management API that does not answer
        String user = "unknown-" + Harness.newConnectionId().substring(0, 6);
        long ttl = System.currentTimeMillis() / 1000 + ctx.config().connectionTtlSeconds();
        for (int i = 0; i < CAP; i++) {
            String id = Harness.newConnectionId();
            assertThat(ctx.repository().acquireSlot(user, id, CAP, ttl)).isTrue();
            ctx.repository().putConnection(new Member(id, user, "us-east-1", "http://127.0.0.1:9/dev", 1L), 1L, ttl);
        }
        // WHEN another handshake comes two minutes later THEN GetConnection fails, nothing is taken, it is refused
        assertThat(connectAs(later, Harness.newConnectionId(), user)).isEqualTo(429);
    }
}
