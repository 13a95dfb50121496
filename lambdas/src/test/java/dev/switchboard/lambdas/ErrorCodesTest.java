package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.RouteHandler;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One test per error code of docs/protocol.md: each is a frame on a 200 response, so the connection stays open. */
class ErrorCodesTest {
    static Harness h;
    static HandlerContext ctx;

    @BeforeAll
    static void start() {
        h = new Harness();
        // a fixed clock keeps every frame of a test in one rate window
        ctx = h.context(Map.of("MAX_DATA_BYTES", "64", "RATE_BURST", "3", "RATE_PER_SECOND", "1"))
                .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:00:00.500Z"), java.time.ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static String open(String user) {
        String id = Harness.newConnectionId();
        call(new ConnectHandler(ctx), Harness.connectEvent(id, user, null));
        h.api.connect(id);
        return id;
    }

    /** Runs {@code handler} and checks the error the sender got (the reply, or the frame posted on one-way routes). */
    static void assertError(RouteHandler handler, JsonNode event, ErrorCode code, String messagePart) {
        JsonNode f = h.reply(handler, event);
        assertThat(f).as("the frame the sender got").isNotNull();
        assertThat(f.get("type").asText()).isEqualTo("error");
        assertThat(f.get("code").asText()).isEqualTo(code.name());
        assertThat(f.get("message").asText()).contains(messagePart);
    }

    static void assertError(JsonNode response, ErrorCode code, String messagePart) {
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode f = Harness.body(response);
        assertThat(f.get("type").asText()).isEqualTo("error");
        assertThat(f.get("code").asText()).isEqualTo(code.name());
        assertThat(f.get("message").asText()).contains(messagePart);
    }

    @Test
    void default_whenBodyIsNotJson_answersBadJson() {
        JsonNode r = call(new DefaultHandler(ctx), Harness.messageEvent(open("a"), "a", "hello there", "$default"));
        assertError(r, ErrorCode.BAD_JSON, "JSON");
    }

    @Test
    void default_whenActionIsUnknownOrMissing_answersUnknownAction() {
        String c = open("b");
        assertError(call(new DefaultHandler(ctx), Harness.messageEvent(c, "b", "{\"action\":\"dance\"}", "$default")),
                ErrorCode.UNKNOWN_ACTION, "'dance'");
        assertError(call(new DefaultHandler(ctx), Harness.messageEvent(c, "b", "{\"room\":\"x\"}", "$default")),
                ErrorCode.UNKNOWN_ACTION, "action");
    }

    @Test
    void send_withoutData_answersMissingField() {
        String c = open("c");
        call(new RoomsHandler(ctx), Harness.messageEvent(c, "c", Json.parseOrNull("{\"action\":\"join\",\"room\":\"m\"}")));
        assertError(new SendHandler(ctx), Harness.messageEvent(c, "c", Json.parseOrNull("{\"action\":\"send\",\"room\":\"m\"}")),
                ErrorCode.MISSING_FIELD, "'data'");
    }

    @Test
    void send_toARoomNotJoined_answersNotAMember_andPostsNothing() {
        String member = open("d1");
        call(new RoomsHandler(ctx), Harness.messageEvent(member, "d1", Json.parseOrNull("{\"action\":\"join\",\"room\":\"nm\"}")));
        String outsider = open("d2");
        assertError(new SendHandler(ctx), Harness.messageEvent(outsider, "d2",
                Json.parseOrNull("{\"action\":\"send\",\"room\":\"nm\",\"data\":1}")), ErrorCode.NOT_A_MEMBER, "nm");
        assertThat(h.api.frames(member)).isEmpty();
    }

    @Test
    void send_overTheRate_answersRateLimited() {
        // GIVEN a burst of 3 (1 a second), every frame arriving at the same instant
        String c = open("e");
        long at = System.currentTimeMillis();
        call(new RoomsHandler(ctx), arrivingAt(Harness.messageEvent(c, "e", Json.parseOrNull("{\"action\":\"join\",\"room\":\"rl\"}")), at));
        SendHandler send = new SendHandler(ctx);
        JsonNode frame = Json.parseOrNull("{\"action\":\"send\",\"room\":\"rl\",\"ack\":true,\"data\":1}");
        // WHEN sending until refused (the join counted as one frame)
        JsonNode second = h.reply(send, arrivingAt(Harness.messageEvent(c, "e", frame), at));
        JsonNode third = h.reply(send, arrivingAt(Harness.messageEvent(c, "e", frame), at));
        // THEN
        assertThat(second.get("type").asText()).isEqualTo("ack");
        assertThat(third.get("type").asText()).isEqualTo("ack");
        assertError(send, arrivingAt(Harness.messageEvent(c, "e", frame), at), ErrorCode.RATE_LIMITED, "too many");
        assertThat(h.logs).anyMatch(l -> l.contains("\"RateLimitedFrames\":1"));
    }

    @Test
    void whisper_withDataAboveTheLimit_answersTooLarge() {
        String c = open("f");
        assertError(new WhisperHandler(ctx), Harness.messageEvent(c, "f", Json.parseOrNull(
                "{\"action\":\"whisper\",\"to\":\"g\",\"data\":\"" + "x".repeat(100) + "\"}")), ErrorCode.TOO_LARGE,
                "limit is 64");
    }

    @Test
    void send_whenTheTableIsMissing_answersInternal_withoutDetails() {
        HandlerContext broken = h.context(Map.of("TABLE_NAME", "no-such-table"));
        h.api.connect("Tbroken0000000=");
        JsonNode event = Harness.messageEvent("Tbroken0000000=", "h",
                Json.parseOrNull("{\"action\":\"send\",\"room\":\"x\",\"data\":1}"));
        assertError(new SendHandler(broken), event, ErrorCode.INTERNAL, "request id");
        assertThat(h.api.frames("Tbroken0000000=")).singleElement().asString().doesNotContain("no-such-table");
        assertThat(h.logs).anyMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains("ResourceNotFoundException"));
    }

    @Test
    void connect_whenTheTableIsMissing_refusesTheHandshakeWith500() {
        HandlerContext broken = h.context(Map.of("TABLE_NAME", "no-such-table"));
        JsonNode r = call(new ConnectHandler(broken), Harness.connectEvent("Tbroken0000001=", "h", null));
        assertThat(r.path("statusCode").asInt()).isEqualTo(500);
    }

    @Test
    void connect_withAnInvalidRoomName_refusesTheHandshakeWith400() {
        JsonNode r = call(new ConnectHandler(ctx), Harness.connectEvent(Harness.newConnectionId(), "i", "bad room!"));
        assertThat(r.path("statusCode").asInt()).isEqualTo(400);
        assertThat(Harness.body(r).get("code").asText()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void config_withAMalformedVariable_failsNamingIt() {
        assertThatThrownBy(() -> new SendHandler(h.env(Map.of("MAX_DATA_BYTES", "lots"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAX_DATA_BYTES must be a positive integer, got 'lots'");
        assertThatThrownBy(() -> HandlerContext.fromEnv(Map.of()).repository())
                .hasMessageContaining("TABLE_NAME is not set");
    }

    private static JsonNode arrivingAt(JsonNode event, long epochMillis) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("requestContext")).put("requestTimeEpoch", epochMillis);
        return event;
    }
}
