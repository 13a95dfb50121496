package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis goes away and comes back (empty: no persistence, as a replaced Marketplace instance might): frames that need
 * it answer INTERNAL with a request id at once, a handshake answers 500, frames that do not (ping) still work, and
 * once Redis is back the instances write their connections and memberships to it again and serve joins and sends
 * across instances without a restart.
 */
class RedisOutageTest {
    @Test
    void redisDown_answersInternalWithRequestId_thenRecoversWhenRedisReturns() throws Exception {
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), Blueprint.reference(Environments.resolve("dev",
                Map.of())), 0, DevTokens.DEV_SECRET, Duration.ofSeconds(300), Duration.ofMillis(200), 2, false)) {
            int a = v.instancePorts().get(0);
            int b = v.instancePorts().get(1);
            try (WsClient kim = WsClient.connect(a, "kim", "o1")) {
                v.stopRedis();

                kim.send("{\"action\":\"send\",\"room\":\"o1\",\"data\":1,\"ack\":true}");
                JsonNode error = kim.expect("error");
                assertThat(error.path("code").asText()).isEqualTo("INTERNAL");
                assertThat(error.path("message").asText()).matches(".*request id [0-9a-f-]{36}");
                kim.send("{\"action\":\"ping\"}");
                kim.expect("pong");
                assertThatThrownBy(() -> WsClient.connect(b, "leo", null))
                        .isInstanceOf(CompletionException.class).rootCause().hasMessageContaining("status code 500");

                v.startRedis();
                awaitRecovery(a);
                awaitRecovery(b);

                try (WsClient leo = WsClient.connect(b, "leo", null)) {
                    // Redis came back empty; kim's instance, missing from the registry at its next heartbeat (200 ms
                    // here), wrote her connection and membership again
                    leo.send("{\"action\":\"join\",\"room\":\"o1\"}");
                    String members = leo.expect("joined").path("members").toString();
                    for (long end = System.nanoTime() + 3_000_000_000L; !members.equals("[\"kim\",\"leo\"]")
                            && System.nanoTime() < end; ) {
                        Thread.sleep(100);
                        leo.send("{\"action\":\"members\",\"room\":\"o1\"}");
                        members = leo.expect("members").path("members").toString();
                    }
                    assertThat(members).isEqualTo("[\"kim\",\"leo\"]");
                    leo.send("{\"action\":\"send\",\"room\":\"o1\",\"data\":\"again\",\"ack\":true}");
                    assertThat(kim.expect("message").path("data").asText()).isEqualTo("again");
                    assertThat(leo.expect("ack").path("delivered").asInt()).isEqualTo(1);
                }
            }
        }
    }

    /** Waits (5 s at most) until the instance on {@code port} accepts a connection again (it reconnects to Redis). */
    private static void awaitRecovery(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try (WsClient probe = WsClient.connect(port, "probe", null)) {
                return;
            } catch (CompletionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
