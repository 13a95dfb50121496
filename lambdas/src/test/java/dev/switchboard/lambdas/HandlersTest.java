package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.body;
import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.store.Member;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The protocol of docs/protocol.md, driven through the handlers with API Gateway events. */
class HandlersTest {
    static Harness h;
    static HandlerContext ctx;
    static ConnectHandler connect;
    static DisconnectHandler disconnect;
    static RoomsHandler rooms;
    static SendHandler send;
    static WhisperHandler whisper;
    static PingHandler ping;

    @BeforeAll
    static void start() {
        h = new Harness();
        ctx = h.context(Map.of("PRESENCE_MAX_MEMBERS", "3"));
        connect = new ConnectHandler(ctx);
        disconnect = new DisconnectHandler(ctx);
        rooms = new RoomsHandler(ctx);
        send = new SendHandler(ctx);
        whisper = new WhisperHandler(ctx);
        ping = new PingHandler(ctx);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Opens a connection for {@code user} the way API Gateway would: $connect, then the connection is live. */
    static String open(String user, String room) {
        String id = Harness.newConnectionId();
        JsonNode r = call(connect, Harness.connectEvent(id, user, room));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        h.api.connect(id);
        return id;
    }

    static JsonNode frame(String connectionId, String user, String json) {
        JsonNode f = Json.parseOrNull(json);
        RouteHandler handler = switch (f.path("action").asText()) {
            case "join", "leave", "members" -> rooms;
            case "send" -> send;
            case "whisper" -> whisper;
            case "ping" -> ping;
            default -> throw new IllegalArgumentException(json);
        };
        return h.reply(handler, Harness.messageEvent(connectionId, user, f));
    }

    static List<JsonNode> received(String connectionId) {
        return h.api.frames(connectionId).stream().map(Json::parseOrNull).toList();
    }

    @Test
    void connect_storesTheConnectionWithRegionCallbackAndTtl() {
        // GIVEN / WHEN
        String id = Harness.newConnectionId();
        JsonNode event = Harness.connectEvent(id, "carol", null);
        JsonNode response = call(connect, event);
        // THEN
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        Map<String, AttributeValue> item = h.dynamo.getItem(r -> r.tableName(h.table).key(Map.of(
                ConnectionSchema.PK, AttributeValue.fromS("CONN#" + id),
                ConnectionSchema.SK, AttributeValue.fromS("META")))).item();
        long connectedAt = event.path("requestContext").path("connectedAt").asLong();
        assertThat(item.get(ConnectionSchema.USER_ID).s()).isEqualTo("carol");
        assertThat(item.get(ConnectionSchema.REGION).s()).isEqualTo("us-east-1");
        assertThat(item.get(ConnectionSchema.CALLBACK_URL).s()).isEqualTo(h.api.callbackUrl());
        assertThat(item.get(ConnectionSchema.CONNECTED_AT).n()).isEqualTo(Long.toString(connectedAt));
        assertThat(Long.parseLong(item.get(ConnectionSchema.TTL).n()))
                .isEqualTo(connectedAt / 1000 + 3 * 3600);
        assertThat(item.get(ConnectionSchema.GSI1_PK).s()).isEqualTo("USER#carol");
    }

    @Test
    void connect_withRoom_joinsAndTellsTheOthers_butSendsNothingToTheJoiner() {
        // GIVEN alice in room r-c
        String alice = open("alice", "r-c");
        // WHEN bob connects with ?room=r-c
        String bob = open("bob", "r-c");
        // THEN alice got presence, bob got nothing, and both are members
        assertThat(received(alice)).containsExactly(Json.parseOrNull(
                "{\"type\":\"presence\",\"room\":\"r-c\",\"user\":\"bob\",\"event\":\"join\"}"));
        assertThat(h.api.frames(bob)).isEmpty();
        assertThat(frame(bob, "bob", "{\"action\":\"join\",\"room\":\"r-c\"}").get("members"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void join_repliesDistinctMembers_andPresenceOnlyOnTheUsersFirstConnection() {
        // GIVEN dan in r-j, and erin with two connections
        String dan = open("dan", "r-j");
        String erin1 = open("erin", null);
        String erin2 = open("erin", null);
        // WHEN erin joins from both connections
        JsonNode first = frame(erin1, "erin", "{\"action\":\"join\",\"room\":\"r-j\"}");
        JsonNode second = frame(erin2, "erin", "{\"action\":\"join\",\"room\":\"r-j\"}");
        // THEN both replies list each user once, and dan got one presence join
        assertThat(first.get("type").asText()).isEqualTo("joined");
        assertThat(first.get("room").asText()).isEqualTo("r-j");
        assertThat(first.get("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("dan", "erin");
        assertThat(second.get("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("dan", "erin");
        assertThat(received(dan)).extracting(f -> f.get("event").asText() + ":" + f.get("user").asText())
                .containsExactly("join:erin");
        assertThat(h.api.frames(erin1)).isEmpty();
    }

    @Test
    void leave_repliesLeft_andPresenceLeaveOnlyOnTheUsersLastConnection() {
        // GIVEN frank in r-l, gina there with two connections
        String frank = open("frank", "r-l");
        String gina1 = open("gina", "r-l");
        String gina2 = open("gina", "r-l");
        h.api.reset();
        // WHEN gina leaves from one connection, then the other
        JsonNode first = frame(gina1, "gina", "{\"action\":\"leave\",\"room\":\"r-l\"}");
        List<JsonNode> afterFirst = received(frank);
        JsonNode second = frame(gina2, "gina", "{\"action\":\"leave\",\"room\":\"r-l\"}");
        // THEN both get left; frank got a single presence leave, after the second
        assertThat(first).isEqualTo(Json.parseOrNull("{\"type\":\"left\",\"room\":\"r-l\"}"));
        assertThat(second).isEqualTo(first);
        assertThat(afterFirst).isEmpty();
        assertThat(received(frank)).containsExactly(Json.parseOrNull(
                "{\"type\":\"presence\",\"room\":\"r-l\",\"user\":\"gina\",\"event\":\"leave\"}"));
    }

    @Test
    void send_reachesEveryOtherMemberConnection_andAcksTheDeliveredCount() {
        // GIVEN hal, ivy with two connections, and jo (not a member)
        String hal = open("hal", "r-s");
        String ivy1 = open("ivy", "r-s");
        String ivy2 = open("ivy", "r-s");
        String jo = open("jo", null);
        h.api.reset();
        // WHEN hal sends
        JsonNode ack = frame(hal, "hal", "{\"action\":\"send\",\"room\":\"r-s\",\"ack\":true,\"data\":{\"text\":\"hi\",\"n\":[1,2]}}");
        // THEN
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("delivered").asInt()).isEqualTo(2);
        for (String c : List.of(ivy1, ivy2)) {
            assertThat(received(c)).singleElement().satisfies(m -> {
                assertThat(m.get("type").asText()).isEqualTo("message");
                assertThat(m.get("room").asText()).isEqualTo("r-s");
                assertThat(m.get("from").asText()).isEqualTo("hal");
                assertThat(m.get("id").asText()).isEqualTo(ack.get("id").asText());
                assertThat(m.get("ts").asLong()).isPositive();
                assertThat(m.get("data")).isEqualTo(Json.parseOrNull("{\"text\":\"hi\",\"n\":[1,2]}"));
            });
        }
        assertThat(received(hal)).containsExactly(ack);
        assertThat(h.api.frames(jo)).isEmpty();
    }

    @Test
    void send_whenRecipientGone_removesTheRecipientAndStillAcks() {
        // GIVEN kim and a gone connection of lee in r-g
        String kim = open("kim", "r-g");
        String lee = open("lee", "r-g");
        h.api.drop(lee);
        // WHEN kim sends
        JsonNode ack = frame(kim, "kim", "{\"action\":\"send\",\"room\":\"r-g\",\"ack\":true,\"data\":1}");
        // THEN the send succeeded, lee's records are gone, kim's are not
        assertThat(ack.get("delivered").asInt()).isZero();
        assertThat(ctx.repository().roomMembers("r-g")).extracting(Member::connectionId).containsExactly(kim);
        assertThat(ctx.repository().connection(lee)).isEmpty();
        assertThat(ctx.repository().connection(kim)).isPresent();
    }

    @Test
    void whisper_reachesEveryConnectionOfTheUser() {
        // GIVEN mia with two connections, and ned
        String mia1 = open("mia", null);
        String mia2 = open("mia", null);
        String ned = open("ned", null);
        // WHEN ned whispers to mia
        JsonNode ack = frame(ned, "ned", "{\"action\":\"whisper\",\"to\":\"mia\",\"ack\":true,\"data\":\"psst\"}");
        // THEN
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("delivered").asInt()).isEqualTo(2);
        for (String c : List.of(mia1, mia2)) {
            assertThat(received(c)).singleElement().satisfies(w -> {
                assertThat(w.get("type").asText()).isEqualTo("whisper");
                assertThat(w.get("from").asText()).isEqualTo("ned");
                assertThat(w.get("id").asText()).isEqualTo(ack.get("id").asText());
                assertThat(w.get("ts").asLong()).isPositive();
                assertThat(w.has("cid")).isFalse();
                assertThat(w.get("data").asText()).isEqualTo("psst");
            });
        }
    }

    @Test
    void whisper_toAnOfflineUser_acksZero() {
        String oli = open("oli", null);
        assertThat(frame(oli, "oli", "{\"action\":\"whisper\",\"to\":\"nobody-here\",\"ack\":true,\"data\":1}")
                .get("delivered").asInt()).isZero();
    }

    @Test
    void whisper_toSomethingThatIsNoUserId_isMissingField() {
        String uma = open("uma", null);
        for (String to : List.of("uma ", "\tuma", "a".repeat(256), "u\u0000ma")) {
            String quoted = Json.write(Json.MAPPER.getNodeFactory().textNode(to));
            JsonNode reply = frame(uma, "uma", "{\"action\":\"whisper\",\"to\":" + quoted + ",\"ack\":true,\"data\":1}");
            assertThat(reply.get("code").asText()).as("to %s", to).isEqualTo("MISSING_FIELD");
        }
    }

    @Test
    void ping_repliesPongWithTheCallersConnectionId() {
        String id = Harness.newConnectionId();
        assertThat(body(call(new PingHandler(Map.of()), Harness.messageEvent(id, "p",
                "{\"action\":\"ping\"}", "ping"))))
                .isEqualTo(Json.parseOrNull("{\"type\":\"pong\",\"connectionId\":\"" + id + "\"}"));
    }

    @Test
    void disconnect_removesEverything_andTellsTheRooms() {
        // GIVEN pat in two rooms with quinn
        String pat = open("pat", "r-d1");
        frame(pat, "pat", "{\"action\":\"join\",\"room\":\"r-d2\"}");
        String quinn = open("quinn", "r-d1");
        frame(quinn, "quinn", "{\"action\":\"join\",\"room\":\"r-d2\"}");
        h.api.reset();
        // WHEN pat disconnects (twice: the event is idempotent)
        JsonNode r = call(disconnect, Harness.disconnectEvent(pat, "pat"));
        call(disconnect, Harness.disconnectEvent(pat, "pat"));
        // THEN
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(ctx.repository().connection(pat)).isEmpty();
        assertThat(ctx.repository().roomsOf(pat)).isEmpty();
        assertThat(ctx.repository().roomMembers("r-d1")).extracting(Member::connectionId).containsExactly(quinn);
        assertThat(received(quinn)).extracting(f -> f.get("room").asText() + ":" + f.get("event").asText())
                .containsExactlyInAnyOrder("r-d1:leave", "r-d2:leave");
    }

    @Test
    void presence_isNotSentInRoomsAbovePresenceMaxMembers() {
        // GIVEN a room already holding 3 users (the limit in this test)
        String first = open("u1", "r-big");
        open("u2", "r-big");
        open("u3", "r-big");
        h.api.reset();
        // WHEN a fourth user joins and leaves
        String fourth = open("u4", null);
        JsonNode joined = frame(fourth, "u4", "{\"action\":\"join\",\"room\":\"r-big\"}");
        frame(fourth, "u4", "{\"action\":\"leave\",\"room\":\"r-big\"}");
        // THEN the join worked but nobody got presence
        assertThat(joined.get("members")).hasSize(4);
        assertThat(h.api.frames(first)).isEmpty();
    }

    @Test
    void send_toAMemberHeldByAnotherRegion_postsThroughThatRegionsEndpoint() throws Exception {
        // GIVEN rae here, and two members whose records say another region's API holds them (one live, one gone)
        try (ManagementApiServer otherRegion = new ManagementApiServer("dev")) {
            String rae = open("rae", "r-mr");
            Member sam = new Member(Harness.newConnectionId(), "sam", "eu-west-1", otherRegion.callbackUrl());
            Member tia = new Member(Harness.newConnectionId(), "tia", "eu-west-1", otherRegion.callbackUrl());
            for (Member m : List.of(sam, tia)) {
                ctx.repository().putConnection(m, 1L, Harness.ttl());
                ctx.repository().addMembership(m, "r-mr", Harness.ttl());
            }
            otherRegion.connect(sam.connectionId());
            h.api.connect(tia.connectionId());
            // WHEN rae sends
            JsonNode ack = frame(rae, "rae", "{\"action\":\"send\",\"room\":\"r-mr\",\"ack\":true,\"data\":\"hola\"}");
            // THEN sam got it through the other region's endpoint; tia is gone there and was purged, although this
            // region's endpoint would have accepted a post to that id
            assertThat(ack.get("delivered").asInt()).isEqualTo(1);
            assertThat(otherRegion.frames(sam.connectionId())).singleElement().asString().contains("\"hola\"");
            assertThat(h.api.attempts(sam.connectionId())).isZero();
            assertThat(h.api.attempts(tia.connectionId())).isZero();
            assertThat(ctx.repository().roomMembers("r-mr")).extracting(Member::connectionId)
                    .containsExactlyInAnyOrder(rae, sam.connectionId());
        }
    }

    @Test
    void connect_withoutAnAuthorizer_usesTheConnectionIdAsTheUser() {
        // GIVEN an open API: the event carries no authorizer context
        String id = Harness.newConnectionId();
        com.fasterxml.jackson.databind.node.ObjectNode event = Harness.connectEvent(id, "ignored", null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("requestContext")).remove("authorizer");
        // WHEN
        call(connect, event);
        // THEN
        assertThat(ctx.repository().connection(id)).get().extracting(Member::userId).isEqualTo(id);
    }

    /**
     * Acks are opt-in and posted: {@code send} and {@code whisper} are one-way routes (a two-way route with no body
     * still sends the client an empty, billed message: https://github.com/serverless/serverless/issues/6816; "API
     * Gateway will not pass the backend response through to the route response, unless you set up a route response":
     * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html).
     */
    @Test
    void send_withoutAck_repliesNothing_andWithAckAndCid_postsTheAck_andCarriesTheCidToRecipients() {
        // GIVEN uma and vic in a room
        String uma = open("uma", "r-ack");
        String vic = open("vic", "r-ack");
        h.api.reset();
        // WHEN uma sends once without ack, once with ack and a cid
        var plain = call(send, Harness.messageEvent(uma, "uma", Json.parseOrNull(
                "{\"action\":\"send\",\"room\":\"r-ack\",\"data\":1}")));
        JsonNode ack = frame(uma, "uma", "{\"action\":\"send\",\"room\":\"r-ack\",\"data\":2,\"ack\":true,"
                + "\"cid\":\"m-2\"}");
        // THEN the first got no reply at all (no body, nothing posted), the second one ack with the cid
        assertThat(plain.has("body")).isFalse();
        assertThat(received(uma)).containsExactly(ack);
        assertThat(ack.get("cid").asText()).isEqualTo("m-2");
        assertThat(ack.get("delivered").asInt()).isEqualTo(1);
        assertThat(ack.has("undelivered")).isFalse();
        assertThat(received(vic)).extracting(m -> m.get("data").asInt() + ":" + m.path("cid").asText("-"))
                .containsExactly("1:-", "2:m-2");
    }

    @Test
    void send_withANonBooleanAckOrABadCid_answersMissingField_posted() {
        String wes = open("wes", "r-badack");
        for (String extra : List.of("\"ack\":\"yes\"", "\"ack\":1", "\"cid\":\"\"", "\"cid\":7",
                "\"cid\":\"" + "x".repeat(65) + "\"")) {
            JsonNode r = frame(wes, "wes", "{\"action\":\"send\",\"room\":\"r-badack\",\"data\":1," + extra + "}");
            assertThat(r).as(extra).isNotNull();
            assertThat(r.get("code").asText()).as(extra).isEqualTo("MISSING_FIELD");
        }
        assertThat(frame(wes, "wes", "{\"action\":\"whisper\",\"to\":\"x\",\"data\":1,\"ack\":null}")
                .get("code").asText()).isEqualTo("MISSING_FIELD");
    }
}
