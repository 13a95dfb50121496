package dev.switchboard.vercel;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maximum duration: a Vercel function's connection ends when the function reaches it
 * (vercel.com/docs/functions/websockets; vercel.com/docs/functions/limitations), so the server closes first with the
 * close of docs/protocol.md ("Maximum connection duration"), and a client resumes by reconnecting and joining again.
 */
class MaxDurationTest {
    @Test
    void connection_isClosedByTheServerAtTheMaxDuration_andTheClientResumesByReconnectingAndRejoining() {
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), Blueprint.reference(Environments.resolve("dev",
                Map.of())), 0, DevTokens.DEV_SECRET, Duration.ofSeconds(2), 2, false)) {
            long started = System.nanoTime();
            WsClient ivan = WsClient.connect(v.port(), "ivan", "d1");
            WsClient judy = WsClient.connect(v.port(), "judy", "d1");

            WsClient.Closed closed = ivan.awaitClose(Duration.ofSeconds(6));
            long afterMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(closed.reason()).startsWith("max-duration");
            assertThat(afterMillis).isBetween(1_500L, 4_000L);
            // the room forgot ivan's closed connection: judy (closed at the same time) is not told of a member left
            judy.awaitClose(Duration.ofSeconds(3));

            try (WsClient again = WsClient.connect(v.port(), "ivan", null);
                 WsClient judyAgain = WsClient.connect(v.port(), "judy", null)) {
                judyAgain.send("{\"action\":\"join\",\"room\":\"d1\"}");
                assertThat(judyAgain.expect("joined").path("count").asInt()).isEqualTo(1);
                again.send("{\"action\":\"join\",\"room\":\"d1\"}");
                assertThat(again.expect("joined").path("count").asInt()).isEqualTo(2);
                judyAgain.send("{\"action\":\"send\",\"room\":\"d1\",\"data\":\"back\"}");
                assertThat(again.expect("message").path("data").asText()).isEqualTo("back");
            }
        }
    }
}
