package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DevTokens;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both token transports of docs/protocol.md on the local API, through the real authorizer and {@code $connect}
 * handlers: {@code ?token=} and the subprotocol offers {@code switchboard.v2, bearer.<JWT>}, answered with
 * {@code Sec-WebSocket-Protocol: switchboard.v2} and never the token.
 */
class HeaderTransportTest {
    static Fixture f;
    static URI bare;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
        bare = f.gateway.websocketUrl();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String forged(String token) {
        int dot = token.lastIndexOf('.');
        return token.substring(0, dot + 1) + (token.charAt(dot + 1) == 'A' ? 'B' : 'A') + token.substring(dot + 2);
    }

    @Test
    void headerTransport_connectsAUser_whoTalksWithAQueryTransportUser() {
        try (JettyWsClient alice = JettyWsClient.connect(bare, false,
                List.of("switchboard.v2", "bearer." + DevTokens.mint("alice")));
             JettyWsClient bob = JettyWsClient.connect(f.uri("bob"), false)) {
            assertThat(alice.acceptedSubProtocol()).isEqualTo("switchboard.v2");
            assertThat(bob.acceptedSubProtocol()).isNull();
            alice.send("{\"action\":\"join\",\"room\":\"transport\"}");
            assertThat(alice.next()).contains("\"type\":\"joined\"");
            bob.send("{\"action\":\"join\",\"room\":\"transport\"}");
            assertThat(bob.next()).contains("\"count\":2").contains("\"alice\"").contains("\"bob\"");
            bob.send("{\"action\":\"send\",\"room\":\"transport\",\"data\":\"hi\"}");
            String got = alice.next();
            while (got.contains("\"presence\"")) {
                got = alice.next();
            }
            assertThat(got).contains("\"from\":\"bob\"").contains("\"data\":\"hi\"");
        }
    }

    @Test
    void theAnswer_namesV2Only_andNeverCarriesTheToken() {
        String token = DevTokens.mint("carol");
        RawHandshake h = RawHandshake.send(bare, Map.of("Sec-WebSocket-Protocol", "switchboard.v2, bearer." + token));

        assertThat(h.status()).isEqualTo(101);
        assertThat(h.headers()).containsEntry("sec-websocket-protocol", "switchboard.v2");
        assertThat(h.head()).doesNotContain(token.substring(token.lastIndexOf('.') + 1)).doesNotContain("bearer");
    }

    @Test
    void aBadBearerToken_isAnsweredLikeABadQueryToken() {
        String bad = forged(DevTokens.mint("mallory"));
        RawHandshake byQuery = RawHandshake.send(URI.create(bare + "?token=" + bad), Map.of());
        RawHandshake byHeader = RawHandshake.send(bare, Map.of("Sec-WebSocket-Protocol", "switchboard.v2, bearer." + bad));

        assertThat(byQuery.status()).isEqualTo(403);
        assertThat(byHeader.status()).isEqualTo(byQuery.status());
        assertThat(byHeader.headers()).doesNotContainKey("sec-websocket-protocol");
    }

    @Test
    void noTokenInEitherPlace_is401_asItAlwaysWas() {
        assertThat(RawHandshake.send(bare, Map.of()).status()).isEqualTo(401);
        assertThat(RawHandshake.send(bare, Map.of("Sec-WebSocket-Protocol", "switchboard.v2")).status()).isEqualTo(401);
        assertThat(RawHandshake.send(bare, Map.of("Sec-WebSocket-Protocol", "switchboard.v2, bearer.")).status()).isEqualTo(401);
    }

    @Test
    void aTokenInBothPlaces_isRefused_evenWhenBothAreValid() {
        RawHandshake h = RawHandshake.send(URI.create(bare + "?token=" + DevTokens.mint("alice")),
                Map.of("Sec-WebSocket-Protocol", "switchboard.v2, bearer." + DevTokens.mint("bob")));
        assertThat(h.status()).isEqualTo(403);
    }

    @Test
    void aBearerWithoutV2_is400() {
        RawHandshake h = RawHandshake.send(bare, Map.of("Sec-WebSocket-Protocol", "bearer." + DevTokens.mint("dave")));
        assertThat(h.status()).isEqualTo(400);
    }
}
