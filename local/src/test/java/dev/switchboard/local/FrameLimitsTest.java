package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Route;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What API Gateway closes before a handler sees it (frames over 32 KB, messages over 128 KB: 1009; binary: 1003;
 * invalid UTF-8: 1007; protocol garbage: 1002), with {@code $disconnect} run each time and other connections served
 * throughout; and the Forbidden frame of an API without {@code $default}.
 */
class FrameLimitsTest {
    private static Fixture f;
    private static WsClient bystander;

    @BeforeAll
    static void start() {
        Blueprint ref = Fixture.referenceBlueprint();
        Blueprint noDefault = new Blueprint(ref.name(),
                ref.functions().stream().filter(fn -> !fn.name().equals("default")).toList(),
                ref.routes().stream().filter(r -> !r.routeKey().equals(Route.DEFAULT)).toList(),
                ref.authorizer(), ref.dataModel(), ref.limits(), ref.alarms(), ref.environment());
        f = new Fixture(noDefault, LocalConfig.defaults());
        bystander = f.connect("bystander");
    }

    @AfterAll
    static void stop() {
        bystander.close();
        f.close();
    }

    private static void bystanderStillServed() {
        assertThat(bystander.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
    }

    private void assertDisconnectRan(String user) {
        Fixture.await(Duration.ofSeconds(10), () -> f.items().stream()
                .noneMatch(i -> i.containsKey("userId") && user.equals(i.get("userId").s())), user + "'s records to go");
    }

    @Test
    void noRouteAndNoDefault_answersForbiddenFrame_andStaysOpen() {
        try (WsClient c = f.connect("fran")) {
            for (String body : new String[]{"{\"action\":\"dance\"}", "plain text", "{\"action\":\"$connect\"}"}) {
                assertThat(c.ask(body)).matches("\\{\"message\": \"Forbidden\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\","
                        + " \"requestId\":\"[A-Za-z0-9_-]{15}=\"}");
            }
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }

    @Test
    void frameOver32Kb_closes1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(f.uri("gus"))) {
            raw.frame(0x81, ("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(33 * 1024) + "\"}").getBytes());
            assertThat(raw.awaitCloseCode()).isEqualTo(1009);
        }
        assertDisconnectRan("gus");
        bystanderStillServed();
    }

    @Test
    void frameOfExactly32Kb_isRouted() {
        try (WsClient c = f.connect("hank")) {
            String prefix = "{\"action\":\"ping\",\"pad\":\"";
            String frame = prefix + "x".repeat(32 * 1024 - prefix.length() - 2) + "\"}";
            assertThat(frame).hasSize(32 * 1024);
            assertThat(c.ask(frame)).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }

    @Test
    void messageOver128KbInSmallFrames_closes1009() {
        WsClient c = f.connect("ida");
        for (int i = 0; i < 5; i++) {
            c.sendPartial("y".repeat(30 * 1024), false);
        }
        c.sendPartial("end", true);
        assertThat(c.awaitClose().code()).isEqualTo(1009);
        assertDisconnectRan("ida");
        bystanderStillServed();
    }

    @Test
    void binaryFrame_closes1003() {
        WsClient c = f.connect("jon");
        c.sendBinary(new byte[]{1, 2, 3});
        WsClient.Closed closed = c.awaitClose();
        assertThat(closed.code()).isEqualTo(1003);
        assertDisconnectRan("jon");
        bystanderStillServed();
    }

    @Test
    void invalidUtf8_closes1007() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(f.uri("kai"))) {
            raw.frame(0x81, new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'});
            assertThat(raw.awaitCloseCode()).isEqualTo(1007);
        }
        assertDisconnectRan("kai");
        bystanderStillServed();
    }

    @Test
    void protocolGarbage_closes1002_andOthersAreServed() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(f.uri("lea"))) {
            raw.frame(0xF3, "reserved bits and opcode".getBytes());
            assertThat(raw.awaitCloseCode()).isEqualTo(1002);
        }
        assertDisconnectRan("lea");
        bystanderStillServed();
    }
}
