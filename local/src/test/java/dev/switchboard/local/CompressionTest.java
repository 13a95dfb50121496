package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692) as real clients use it. API Gateway negotiates the extension: a client that offered it
 * got {@code sec-websocket-extensions: permessage-deflate;server_max_window_bits=12} back from an API Gateway
 * WebSocket API (https://github.com/python-websockets/websockets/issues/1065), so the local API accepts it too. Its
 * limits (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html:
 * frames of at most 32 KB, messages of at most 128 KB, else 1009) must hold with and without compression: nothing
 * within them is refused. The 32 KB applies to a frame as it is on the wire (compressed), the 128 KB to the message a
 * handler gets (inflated); AWS does not say which size it counts with compression on.
 *
 * <p>Clients: the Node {@code ws} library with its defaults (what wscat and most Node apps use), Jetty's client, and the
 * JDK's (which offers no extension). Each message goes to the {@code digest} route, which answers the length and
 * SHA-256 of the body it got.
 */
class CompressionTest {
    private static final int KB = 1024;
    private static Fixture f;

    @BeforeAll
    static void start() {
        f = new Fixture(Fixture.withTestRoutes(Fixture.referenceBlueprint()), LocalConfig.defaults());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static List<String> withinLimits() {
        return List.of(Fixture.message("digest", 9 * KB, false), Fixture.message("digest", 9 * KB, true),
                Fixture.message("digest", 32 * KB, false), Fixture.message("digest", 32 * KB, true));
    }

    @Test
    void wsWithDeflate_negotiatesIt_andEveryMessageWithinTheLimitsIsRouted() {
        try (NodeWsClient ws = NodeWsClient.connect(f.uri("deflate1"), true)) {
            assertThat(ws.awaitOpen().path("extensions").asText()).startsWith("permessage-deflate");
            for (String m : withinLimits()) {
                ws.send(m);
                assertThat(ws.await("message").path("head").asText()).isEqualTo(Fixture.digestOf(m));
            }
            for (boolean random : new boolean[]{false, true}) {
                String m = Fixture.message("digest", 128 * KB, random);
                ws.sendFragments(Fixture.chunks(m, 32 * KB));
                assertThat(ws.await("message").path("head").asText()).as("128 KB in 4 frames, random=" + random)
                        .isEqualTo(Fixture.digestOf(m));
            }
        }
    }

    @Test
    void wsWithoutDeflate_sameMessages_areRouted() {
        try (NodeWsClient ws = NodeWsClient.connect(f.uri("plain1"), false)) {
            assertThat(ws.awaitOpen().path("extensions").asText()).isEmpty();
            for (String m : withinLimits()) {
                ws.send(m);
                assertThat(ws.await("message").path("head").asText()).isEqualTo(Fixture.digestOf(m));
            }
            String m = Fixture.message("digest", 128 * KB, true);
            ws.sendFragments(Fixture.chunks(m, 32 * KB));
            assertThat(ws.await("message").path("head").asText()).isEqualTo(Fixture.digestOf(m));
        }
    }

    @Test
    void wsWithDeflate_messageOver128KbInflated_closes1009_evenIfItsFramesAreSmall() {
        try (NodeWsClient ws = NodeWsClient.connect(f.uri("deflate2"), true)) {
            ws.awaitOpen();
            // 200 KB of one letter deflates to a frame of a few hundred bytes
            ws.send(Fixture.message("digest", 200 * KB, false));
            JsonNode closed = ws.awaitClose();
            assertThat(closed.path("code").asInt()).isEqualTo(1009);
        }
        try (NodeWsClient ws = NodeWsClient.connect(f.uri("deflate3"), true)) {
            ws.awaitOpen();
            ws.sendFragments(Fixture.chunks(Fixture.message("digest", 128 * KB + 1, true), 32 * KB));
            assertThat(ws.awaitClose().path("code").asInt()).isEqualTo(1009);
        }
    }

    @Test
    void jettyClientWithDeflate_negotiatesIt_andLargeMessagesAreRouted() {
        try (JettyWsClient c = JettyWsClient.connect(f.uri("jetty1"), true)) {
            assertThat(c.extensions()).startsWith("permessage-deflate");
            for (String m : List.of(Fixture.message("digest", 9 * KB, true), Fixture.message("digest", 32 * KB, false),
                    Fixture.message("digest", 100 * KB, false))) {
                c.send(m);
                assertThat(c.next()).isEqualTo(Fixture.digestOf(m));
            }
        }
    }

    @Test
    void jdkClient_withoutExtensions_messagesWithinLimitsAreRouted() {
        try (WsClient c = f.connect("jdk1")) {
            for (String m : withinLimits()) {
                assertThat(c.ask(m)).isEqualTo(Fixture.digestOf(m));
            }
        }
    }
}
