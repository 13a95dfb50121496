package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every action and error code of docs/protocol.md through the local gateway, with real WebSocket clients over loopback
 * and the reference handlers on dynalite.
 */
class ProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Fixture f;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    @Test
    void ping_answersPong() {
        try (WsClient a = f.connect("pinger")) {
            assertThat(a.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }

    @Test
    void join_repliesMembers_andOthersGetPresence() {
        try (WsClient a = f.connect("ann"); WsClient b = f.connect("bea")) {
            // GIVEN ann in the room
            assertThat(json(a.ask("{\"action\":\"join\",\"room\":\"lobby1\"}")).get("members"))
                    .extracting(JsonNode::asText).containsExactly("ann");
            // WHEN bea joins
            JsonNode joined = json(b.ask("{\"action\":\"join\",\"room\":\"lobby1\"}"));
            // THEN bea sees both members and ann gets presence join
            assertThat(joined.get("type").asText()).isEqualTo("joined");
            assertThat(joined.get("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ann", "bea");
            assertThat(json(a.awaitFrame("presence"))).isEqualTo(json(
                    "{\"type\":\"presence\",\"room\":\"lobby1\",\"user\":\"bea\",\"event\":\"join\"}"));
            // AND leave: reply left, presence leave to ann
            assertThat(b.ask("{\"action\":\"leave\",\"room\":\"lobby1\"}")).isEqualTo("{\"type\":\"left\",\"room\":\"lobby1\"}");
            assertThat(json(a.awaitFrame("presence")).get("event").asText()).isEqualTo("leave");
        }
    }

    @Test
    void connect_withRoom_joinsWithoutJoinedFrame_andOthersGetPresence() {
        try (WsClient a = f.connect("cal")) {
            a.ask("{\"action\":\"join\",\"room\":\"r-connect\"}");
            try (WsClient b = WsClient.connect(f.uri("dan", "r-connect"))) {
                assertThat(json(a.awaitFrame("presence")).get("user").asText()).isEqualTo("dan");
                // the joiner got no joined frame: its first frame is the answer to its ping
                assertThat(b.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
                JsonNode m = json(b.ask("{\"action\":\"send\",\"room\":\"r-connect\",\"data\":1,\"ack\":true}"));
                assertThat(m.get("type").asText()).isEqualTo("ack");
            }
            // dan's close runs $disconnect: presence leave
            assertThat(json(a.awaitFrame("\"leave\"")).get("user").asText()).isEqualTo("dan");
        }
    }

    @Test
    void send_reachesOtherMembers_notTheSender_andAcksDeliveredCount() {
        try (WsClient a = f.connect("eve"); WsClient b = f.connect("fay"); WsClient c = f.connect("gil")) {
            for (WsClient x : List.of(a, b, c)) {
                x.ask("{\"action\":\"join\",\"room\":\"chat\"}");
            }
            a.send("{\"action\":\"send\",\"room\":\"chat\",\"data\":{\"text\":\"hi\"},\"ack\":true}");
            JsonNode ack = json(a.awaitFrame("\"ack\""));
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("delivered").asInt()).isEqualTo(2);
            for (WsClient x : List.of(b, c)) {
                JsonNode m = json(x.awaitFrame("\"message\""));
                assertThat(m.get("from").asText()).isEqualTo("eve");
                assertThat(m.get("data").get("text").asText()).isEqualTo("hi");
                assertThat(m.get("id").asText()).isEqualTo(ack.get("id").asText());
                assertThat(m.get("ts").asLong()).isPositive();
            }
            a.send("{\"action\":\"ping\"}");
            assertThat(a.drain(Duration.ofMillis(300))).as("the sender gets no copy").noneMatch(x -> x.contains("\"message\""));
        }
    }

    @Test
    void whisper_reachesEveryConnectionOfTheUser() {
        try (WsClient from = f.connect("hal"); WsClient phone = f.connect("ivy"); WsClient laptop = f.connect("ivy")) {
            JsonNode ack = json(from.ask("{\"action\":\"whisper\",\"to\":\"ivy\",\"data\":\"psst\",\"ack\":true}"));
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("delivered").asInt()).isEqualTo(2);
            for (WsClient x : List.of(phone, laptop)) {
                JsonNode w = json(x.next());
                assertThat(w.get("type").asText()).isEqualTo("whisper");
                assertThat(w.get("from").asText()).isEqualTo("hal");
                assertThat(w.get("id").asText()).isEqualTo(ack.get("id").asText());
                assertThat(w.get("data").asText()).isEqualTo("psst");
            }
        }
    }

    @Test
    void presence_userWithTwoConnections_isOneMember_leaveOnlyOnLastConnection() {
        try (WsClient watcher = f.connect("jay"); WsClient k1 = f.connect("kim"); WsClient k2 = f.connect("kim")) {
            watcher.ask("{\"action\":\"join\",\"room\":\"dup\"}");
            k1.ask("{\"action\":\"join\",\"room\":\"dup\"}");
            watcher.awaitFrame("presence");
            JsonNode second = json(k2.ask("{\"action\":\"join\",\"room\":\"dup\"}"));
            assertThat(second.get("members")).extracting(JsonNode::asText).containsExactlyInAnyOrder("jay", "kim");
            k1.ask("{\"action\":\"leave\",\"room\":\"dup\"}");
            // no presence for kim's first leave: the watcher's next frame answers its own ping
            assertThat(watcher.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
            k2.ask("{\"action\":\"leave\",\"room\":\"dup\"}");
            assertThat(json(watcher.awaitFrame("presence")).get("event").asText()).isEqualTo("leave");
        }
    }

    @Test
    void errors_badJson_unknownAction_missingField_notAMember_tooLarge_keepTheConnectionOpen() {
        try (WsClient a = f.connect("lou")) {
            assertThat(code(a.ask("not json at all"))).isEqualTo("BAD_JSON");
            assertThat(code(a.ask("[1,2,3]"))).isEqualTo("BAD_JSON");
            assertThat(code(a.ask("{\"action\":\"dance\"}"))).isEqualTo("UNKNOWN_ACTION");
            assertThat(code(a.ask("{\"no\":\"action\"}"))).isEqualTo("UNKNOWN_ACTION");
            assertThat(code(a.ask("{\"action\":\"join\"}"))).isEqualTo("MISSING_FIELD");
            assertThat(code(a.ask("{\"action\":\"send\",\"room\":\"x\"}"))).isEqualTo("MISSING_FIELD");
            assertThat(code(a.ask("{\"action\":\"whisper\",\"data\":1}"))).isEqualTo("MISSING_FIELD");
            assertThat(code(a.ask("{\"action\":\"send\",\"room\":\"nowhere\",\"data\":1}"))).isEqualTo("NOT_A_MEMBER");
            assertThat(code(a.ask("{\"action\":\"leave\",\"room\":\"nowhere\"}"))).isEqualTo("NOT_A_MEMBER");
            a.ask("{\"action\":\"join\",\"room\":\"big\"}");
            String data = "\"" + "x".repeat(17 * 1024) + "\"";
            assertThat(code(a.ask("{\"action\":\"send\",\"room\":\"big\",\"data\":" + data + "}"))).isEqualTo("TOO_LARGE");
            assertThat(a.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
            assertThat(a.isOpen()).isTrue();
        }
    }

    @Test
    void rateLimited_floodFromOneConnection_whileAnotherKeepsBeingServed() {
        try (WsClient flooder = f.connect("max"); WsClient other = f.connect("ned")) {
            flooder.ask("{\"action\":\"join\",\"room\":\"flood\"}");
            other.ask("{\"action\":\"join\",\"room\":\"flood\"}");
            // WHEN max sends 60 messages back to back (the blueprint allows a burst of 20)
            for (int i = 0; i < 60; i++) {
                flooder.send("{\"action\":\"send\",\"room\":\"flood\",\"ack\":true,\"data\":" + i + "}");
            }
            other.send("{\"action\":\"ping\"}");
            // THEN max gets one answer per message, acks then RATE_LIMITED errors, and the connection stays open
            List<String> answers = new ArrayList<>();
            while (answers.size() < 60) {
                String frame = flooder.next();
                if (!frame.contains("presence")) {
                    answers.add(frame);
                }
            }
            assertThat(answers).anyMatch(s -> s.contains("\"RATE_LIMITED\""));
            assertThat(answers).allMatch(s -> s.contains("\"ack\"") || s.contains("\"RATE_LIMITED\""));
            long acks = answers.stream().filter(s -> s.contains("\"ack\"")).count();
            assertThat(acks).isGreaterThanOrEqualTo(10);
            // AND ned was served (pong) and received exactly the acknowledged messages: nothing lost, nothing extra
            List<String> seen = other.drain(Duration.ofMillis(500));
            assertThat(seen).anyMatch(s -> s.startsWith("{\"type\":\"pong\""));
            assertThat(seen.stream().filter(s -> s.contains("\"type\":\"message\"")).count()).isEqualTo(acks);
            assertThat(flooder.ask("{\"action\":\"ping\"}")).isNotBlank();
        }
    }

    private static String code(String frame) {
        JsonNode n = json(frame);
        assertThat(n.get("type").asText()).as(frame).isEqualTo("error");
        assertThat(n.get("message").asText()).isNotBlank();
        return n.get("code").asText();
    }
}
