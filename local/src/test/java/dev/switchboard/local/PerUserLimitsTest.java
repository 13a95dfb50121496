package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 27, reproduction 6 on the local API with real clients: five connections of one user got 100 frames through
 * where one got 20, and nothing capped a user's connections. The rate is now the user's (burst 20, 10 a second) and
 * the eleventh connection of a user answers 429.
 */
class PerUserLimitsTest {
    static Fixture f;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void fiveConnectionsOfOneUser_getAboutOneBurstThrough_notFive() {
        List<WsClient> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(f.connect("multi"));
        }
        long start = System.nanoTime();
        for (WsClient c : many) {
            for (int i = 0; i < 20; i++) {
                c.send("{\"action\":\"join\",\"room\":\"per-user\"}");
            }
        }
        int joined = 0;
        for (WsClient c : many) {
            for (int i = 0; i < 20; i++) {
                joined += c.next().contains("\"type\":\"joined\"") ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        many.forEach(WsClient::close);
        // every counted frame was counted within those seconds: at most 20 + 10 a second (per connection: 100)
        assertThat(joined).isBetween(20, 20 + (int) Math.ceil(seconds * 10) + 1);
    }

    @Test
    void theEleventhConnectionOfAUser_is429() {
        List<WsClient> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(f.connect("capped"));
        }
        assertThat(WsClient.handshakeStatus(f.uri("capped"))).isEqualTo(429);
        assertThat(WsClient.handshakeStatus(f.uri("not-capped"))).isEqualTo(101);
        ten.forEach(WsClient::close);
    }
}
