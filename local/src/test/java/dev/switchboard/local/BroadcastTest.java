package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.blueprint.Limits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A broadcast to 250 members of a room through the reference handlers, and the clean-up after every client leaves:
 * no connection or membership record may remain in the table. 250 takes every path that 1,000 takes (presence posts
 * to concurrent joiners while the room has at most {@link Limits#presenceMaxMembers()} members and none after,
 * a fan-out wider than {@link Limits#broadcastConcurrency()} and than a members page, inline below the shard threshold)
 * at a quarter of the $connect and $disconnect work; {@link BroadcastAtScaleSmokeTest} runs it with 1,000 in
 * bench/smoke.sh.
 */
class BroadcastTest {
    static final int MEMBERS = 250;
    private static Fixture f;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void send_toRoomOf250_reachesEveryOtherMember_andAllRecordsGoAfterDisconnect() throws Exception {
        broadcastToRoom_thenEveryoneLeaves(f, MEMBERS);
    }

    /**
     * The scenario with {@code members} clients on a gateway of the reference blueprint: a multiple of 50, more than
     * its presenceMaxMembers, broadcastConcurrency and membersPageSize, and a fan-out (members - 1) within its
     * fanoutShardThreshold.
     */
    static void broadcastToRoom_thenEveryoneLeaves(Fixture f, int members) throws Exception {
        Limits limits = Fixture.referenceBlueprint().limits();
        assertThat(members).isGreaterThan(limits.presenceMaxMembers()).isGreaterThan(limits.broadcastConcurrency())
                .isGreaterThan(limits.membersPageSize()).isLessThanOrEqualTo(limits.fanoutShardThreshold() + 1);
        // GIVEN members connections of as many users that joined room "town" on $connect (?room=town), 50 handshakes
        // at a time: concurrent joiners post presence to connections whose $connect has not returned yet (410), and
        // those must not be purged
        List<WsClient> clients = new ArrayList<>();
        for (int batch = 0; batch < members; batch += 50) {
            List<CompletableFuture<WsClient>> pending = new ArrayList<>();
            for (int i = batch; i < batch + 50; i++) {
                pending.add(WsClient.connectAsync(URI.create(f.uri("u" + i) + "&room=town")));
            }
            for (CompletableFuture<WsClient> p : pending) {
                clients.add(p.join());
            }
        }
        assertThat(f.gateway.openConnections()).isGreaterThanOrEqualTo(members);
        assertThat(f.items().stream().filter(i -> "ROOM#town".equals(i.get("pk").s())
                && i.get("sk").s().startsWith("CONN#")).count()).isEqualTo(members);
        WsClient sender = clients.get(0);

        // WHEN the first sends one message
        long t0 = System.nanoTime();
        sender.send("{\"action\":\"send\",\"room\":\"town\",\"ack\":true,\"data\":{\"text\":\"hello town\"}}");
        JsonNode ack = new ObjectMapper().readTree(sender.awaitFrame("\"ack\""));
        Duration fanOut = Duration.ofNanos(System.nanoTime() - t0);

        // THEN every other member receives it and the ack counts them
        assertThat(ack.get("delivered").asInt()).isEqualTo(members - 1);
        for (WsClient c : clients.subList(1, members)) {
            assertThat(c.awaitFrame("hello town")).contains("\"from\":\"u0\"");
        }
        System.out.println("broadcast to " + (members - 1) + " members acknowledged in " + fanOut.toMillis() + " ms");

        // AND after every client disconnects no record is left
        for (WsClient c : clients) {
            c.sendCloseOnly();
        }
        Fixture.await(Duration.ofSeconds(90), () -> f.gateway.openConnections() == 0, "every $disconnect");
        // the sockets close before their $disconnect handlers have run (one per member on 32 invocation threads, 1.3 s
        // each on a loaded 2-core machine, and since issue 27 each also gives back the user's connection slot: one
        // Query and one or two deletes more): the table gets longer to empty than the sockets got to close
        try {
            Fixture.await(Duration.ofSeconds(150), () -> connectionItems(f).isEmpty(), "an empty connection table");
        } catch (AssertionError timedOut) {
            assertThat(connectionItems(f)).as("items left after every $disconnect").isEmpty();
        }
    }

    /** Every item but the table's one cursor key (KEY#cursor, made by the first page with a cursor; no TTL). */
    private static List<Map<String, AttributeValue>> connectionItems(Fixture f) {
        return f.items().stream().filter(i -> !ConnectionSchema.CURSOR_KEY_PK.equals(i.get(ConnectionSchema.PK).s()))
                .toList();
    }
}
