package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.auth.AuthorizerEvents.invoke;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withProtocols;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withProtocolsAndQueryToken;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withToken;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withoutQueryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.auth.AuthorizerEvents.CapturedLog;
import dev.switchboard.lambdas.auth.JwtVerifier;
import dev.switchboard.lambdas.auth.OriginGuard;
import dev.switchboard.lambdas.auth.TestKeys;
import dev.switchboard.lambdas.auth.UnauthorizedException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The two token transports of docs/protocol.md: the {@code token} query parameter and a {@code bearer.<JWT>} offer in
 * {@code Sec-WebSocket-Protocol}, checked the same way; a bad token answers the same in both.
 */
class AuthorizerTransportTest {
    private final CapturedLog log = new CapturedLog();
    private final AuthorizerHandler handler = new AuthorizerHandler(new JwtVerifier(TestKeys.SECRET, null,
            TestKeys.ISSUER, TestKeys.AUDIENCE, Clock.systemUTC()), OriginGuard.disabled(), log.log);
    private final String alice = TestKeys.hs256(TestKeys.validClaims().build());

    @Test
    void bearerOffer_withAValidToken_allowsTheSameAsTheQueryToken_andLogsItsTransportNeverTheToken() {
        JsonNode byQuery = invoke(handler, withToken(alice));
        JsonNode byHeader = invoke(handler, withProtocols("switchboard.v2, bearer." + alice));

        assertThat(byHeader).isEqualTo(byQuery);
        assertThat(byHeader.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
        assertThat(byHeader.path("context").path("userId").asText()).isEqualTo("alice");
        assertThat(log.last().path("transport").asText()).isEqualTo("HEADER");
        assertThat(log.text()).doesNotContain(alice.substring(alice.lastIndexOf('.') + 1));
    }

    @Test
    void bearerOffer_inASecondHeaderLine_isFound() {
        JsonNode r = invoke(handler, withProtocols("switchboard.v2", "bearer." + alice));
        assertThat(r.path("principalId").asText()).isEqualTo("alice");
    }

    @Test
    void badBearerToken_answersExactlyLikeABadQueryToken() {
        String forged = alice.substring(0, alice.lastIndexOf('.') + 1) + "AAAA" + alice.substring(alice.lastIndexOf('.') + 5);
        JsonNode byQuery = invoke(handler, withToken(forged));
        JsonNode byHeader = invoke(handler, withProtocols("switchboard.v2, bearer." + forged));

        assertThat(byHeader).isEqualTo(byQuery);
        assertThat(byHeader.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Deny");
        assertThat(log.lines()).extracting(l -> l.path("reason").asText()).containsExactly("BAD_SIGNATURE", "BAD_SIGNATURE");
    }

    @Test
    void emptyBearerOffer_isUnauthorized_likeAnEmptyQueryToken() {
        assertThatThrownBy(() -> invoke(handler, withToken(""))).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> invoke(handler, withProtocols("switchboard.v2, bearer.")))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void subprotocolsWithoutABearerOffer_andNoQueryToken_areUnauthorized() {
        assertThatThrownBy(() -> invoke(handler, withProtocols("switchboard.v2, chat")))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Unauthorized");
        assertThatThrownBy(() -> invoke(handler, withoutQueryString())).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aTokenInBothTransports_isDenied_evenWhenBothAreValid() {
        String bob = TestKeys.hs256(TestKeys.validClaims().subject("bob").build());
        JsonNode r = invoke(handler, withProtocolsAndQueryToken(alice, "switchboard.v2, bearer." + bob));

        assertThat(r.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Deny");
        assertThat(r.path("principalId").asText()).isEqualTo(AuthorizerHandler.DENIED_PRINCIPAL);
        assertThat(log.last().path("reason").asText()).isEqualTo("AMBIGUOUS_TOKEN");
    }

    @Test
    void twoBearerOffers_areDenied() {
        String bob = TestKeys.hs256(TestKeys.validClaims().subject("bob").build());
        JsonNode r = invoke(handler, withProtocols("switchboard.v2, bearer." + alice, "bearer." + bob));

        assertThat(r.path("principalId").asText()).isEqualTo(AuthorizerHandler.DENIED_PRINCIPAL);
        assertThat(log.last().path("reason").asText()).isEqualTo("AMBIGUOUS_TOKEN");
    }
}
