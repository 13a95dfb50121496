package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.store.Member;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records whose TTL has passed but that DynamoDB has not deleted yet ("items that have expired, but haven't yet been
 * deleted by TTL, still appear in reads, queries, and scans", typically deleted within a few days:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html) count as gone on every read
 * path. dynalite never deletes expired items, so a ghost here is exactly what DynamoDB serves until it gets round to it.
 */
class ExpiredRecordsTest {
    static Harness h;
    static HandlerContext ctx;

    @BeforeAll
    static void start() {
        h = new Harness();
        ctx = h.context();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** A connection of {@code user} whose records expired an hour ago, still in the table, in {@code room}. */
    static Member ghost(String user, String room) {
        Member g = new Member(Harness.newConnectionId(), user, "us-east-1", h.api.callbackUrl(),
                System.currentTimeMillis() - 5 * 3600_000L);
        long expired = System.currentTimeMillis() / 1000 - 3600;
        ctx.repository().putConnection(g, g.connectedAt(), expired);
        if (room != null) {
            ctx.repository().addMembership(g, room, expired);
        }
        h.api.connect(g.connectionId());
        return g;
    }

    static String open(String user, String room) {
        String id = Harness.newConnectionId();
        Harness.call(new ConnectHandler(ctx), Harness.connectEvent(id, user, room));
        h.api.connect(id);
        return id;
    }

    static JsonNode frame(RouteHandler handler, String connectionId, String user, String json) {
        return h.reply(handler, Harness.messageEvent(connectionId, user, Json.parseOrNull(json)));
    }

    @Test
    void join_listsNoGhost_andAGhostOfTheJoiningUserDoesNotSuppressItsPresence() {
        // GIVEN ann in a room, a ghost of bo in it too, and a ghost of cy
        String ann = open("ann", "r-ghost-j");
        ghost("bo", "r-ghost-j");
        ghost("cy", "r-ghost-j");
        h.api.reset();
        // WHEN cy joins for real
        String cy = open("cy", null);
        JsonNode joined = frame(new RoomsHandler(ctx), cy, "cy", "{\"action\":\"join\",\"room\":\"r-ghost-j\"}");
        // THEN the list has no ghost, the count neither, and ann was told cy arrived
        assertThat(joined.get("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ann", "cy");
        assertThat(joined.get("count").asInt()).isEqualTo(2);
        assertThat(h.api.frames(ann)).singleElement().asString().contains("\"user\":\"cy\"", "\"event\":\"join\"");
    }

    @Test
    void leave_withOnlyAGhostOfTheUserLeft_announcesTheLeave() {
        // GIVEN dee and a live connection of eli in a room, plus a ghost of eli there
        String dee = open("dee", "r-ghost-l");
        String eli = open("eli", "r-ghost-l");
        ghost("eli", "r-ghost-l");
        h.api.reset();
        // WHEN eli's live connection leaves
        frame(new RoomsHandler(ctx), eli, "eli", "{\"action\":\"leave\",\"room\":\"r-ghost-l\"}");
        // THEN dee hears that eli left
        assertThat(h.api.frames(dee)).singleElement().asString().contains("\"user\":\"eli\"", "\"event\":\"leave\"");
    }

    @Test
    void sendAndWhisper_postToNoGhost() {
        // GIVEN fin and gus in a room, and ghosts of gus in the room and out of it
        String fin = open("fin", "r-ghost-s");
        String gus = open("gus", "r-ghost-s");
        Member inRoom = ghost("gus", "r-ghost-s");
        Member elsewhere = ghost("gus", null);
        // WHEN fin sends to the room and whispers to gus
        JsonNode sent = frame(new SendHandler(ctx), fin, "fin",
                "{\"action\":\"send\",\"room\":\"r-ghost-s\",\"data\":1,\"ack\":true}");
        JsonNode whispered = frame(new WhisperHandler(ctx), fin, "fin",
                "{\"action\":\"whisper\",\"to\":\"gus\",\"data\":2,\"ack\":true}");
        // THEN only gus's live connection got each, and no ghost was posted to
        assertThat(sent.get("delivered").asInt()).isEqualTo(1);
        assertThat(whispered.get("delivered").asInt()).isEqualTo(1);
        assertThat(h.api.frames(gus)).hasSize(2);
        assertThat(h.api.attempts(inRoom.connectionId())).isZero();
        assertThat(h.api.attempts(elsewhere.connectionId())).isZero();
    }

    @Test
    void repositoryReads_dropExpiredConnections() {
        Member g = ghost("hal-ghost", "r-ghost-r");
        assertThat(ctx.repository().connection(g.connectionId())).isEmpty();
        assertThat(ctx.repository().connectionsOfUser("hal-ghost")).isEmpty();
        assertThat(ctx.repository().roomMembers("r-ghost-r")).isEmpty();
        assertThat(ctx.repository().roomsOf(g.connectionId())).as("cleanup still finds it").containsExactly("r-ghost-r");
    }
}
