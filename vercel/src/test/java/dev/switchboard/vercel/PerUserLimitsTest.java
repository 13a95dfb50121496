package dev.switchboard.vercel;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/protocol.md, "Per-user limits", with a user's connections on both instances: the connection cap counts them
 * all (Redis holds the user's connections), and the rate limit is the user's, shared by them all (one GCRA state in
 * Redis, on Redis's clock). Limits here: 2 connections per user, 4 frames at once, 1 a second.
 */
class PerUserLimitsTest {
    static LocalVercel vercel;

    @BeforeAll
    static void start() {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        b = b.withLimits(b.limits().toBuilder().maxConnectionsPerUser(2).messageBurst(4).messageRatePerSecond(1)
                .build());
        vercel = LocalVercel.start(LocalMain.root(), b, 0, DevTokens.DEV_SECRET, Duration.ofSeconds(300), 2, false);
    }

    @AfterAll
    static void stop() {
        vercel.close();
    }

    @Test
    void thirdConnectionOfAUser_isRefused429_whicheverInstanceItReaches_andAPlaceFreesOnClose() {
        int a = vercel.instancePorts().get(0);
        int b = vercel.instancePorts().get(1);
        WsClient one = WsClient.connect(a, "sam", null);
        try (WsClient two = WsClient.connect(b, "sam", null)) {
            assertThatThrownBy(() -> WsClient.connect(a, "sam", null)).isInstanceOf(CompletionException.class)
                    .rootCause().hasMessageContaining("status code 429");
            assertThatThrownBy(() -> WsClient.connect(b, "sam", null)).isInstanceOf(CompletionException.class)
                    .rootCause().hasMessageContaining("status code 429");
            WsClient.connect(a, "tim", null).close(); // another user is not affected

            one.close();
            WsClient again = awaitConnect(a, "sam");
            again.close();
        }
    }

    @Test
    void rateLimit_isTheUsers_sharedByItsConnectionsOnBothInstances() {
        try (WsClient onA = WsClient.connect(vercel.instancePorts().get(0), "uma", null);
             WsClient onB = WsClient.connect(vercel.instancePorts().get(1), "uma", null)) {
            for (int i = 0; i < 3; i++) {
                onA.send("{\"action\":\"join\",\"room\":\"r" + i + "\"}");
                onA.expect("joined");
            }
            onB.send("{\"action\":\"join\",\"room\":\"r3\"}");
            onB.expect("joined"); // the burst of 4, spent from two instances

            onB.send("{\"action\":\"join\",\"room\":\"r4\"}");
            assertThat(onB.expect("error").path("code").asText()).isEqualTo("RATE_LIMITED");
            onA.send("{\"action\":\"join\",\"room\":\"r5\"}");
            assertThat(onA.expect("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        }
    }

    /** Connects once the closed connection's place is free (its cleanup runs after the close). */
    private static WsClient awaitConnect(int port, String user) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (true) {
            try {
                return WsClient.connect(port, user, null);
            } catch (CompletionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
