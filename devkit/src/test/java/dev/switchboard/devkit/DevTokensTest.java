package dev.switchboard.devkit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevTokensTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void token_withDefaults_isHs256SignedWithTheDevSecretAndCarriesTheLocalClaims() throws Exception {
        // GIVEN dev tokens with the defaults and a fixed clock
        DevTokens tokens = DevTokens.defaults().withClock(CLOCK);

        // WHEN a token is minted for alice
        SignedJWT jwt = SignedJWT.parse(tokens.token("alice"));

        // THEN it verifies with the dev secret and carries sub, iss, aud, iat, nbf and exp = now + 1 h
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(DevTokens.DEV_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getIssuer()).isEqualTo("switchboard-local");
        assertThat(claims.getAudience()).containsExactly("switchboard");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void token_withCustomSettings_usesThem() throws Exception {
        // GIVEN dev tokens with another secret, issuer, audience and ttl
        String secret = "another-secret-that-is-long-enough-for-hs256";
        DevTokens tokens = new DevTokens(secret, "me", "them", Duration.ofMinutes(5), CLOCK);

        // WHEN a token is minted
        SignedJWT jwt = SignedJWT.parse(tokens.token("bob"));

        // THEN it verifies with that secret only and carries those claims
        assertThat(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.verify(new MACVerifier(DevTokens.DEV_SECRET.getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("me");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("them");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(300)));
    }

    @Test
    void mint_isTheDefaultsShorthand() throws Exception {
        // WHEN a token is minted through the static shorthand
        SignedJWT jwt = SignedJWT.parse(DevTokens.mint("carol"));

        // THEN it is a dev-secret token for carol that expires about an hour from now
        assertThat(jwt.verify(new MACVerifier(DevTokens.DEV_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("carol");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    }

    @Test
    void constructor_whenSecretShorterThan32Bytes_failsWithAFix() {
        assertThatThrownBy(() -> new DevTokens("short", "i", "a", Duration.ofHours(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }

    @Test
    void token_whenUserBlank_fails() {
        assertThatThrownBy(() -> DevTokens.defaults().token(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
    }

    @Test
    void token_whenUserIdInvalid_fails() {
        assertThatThrownBy(() -> DevTokens.defaults().token("alice "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EDGE_WHITESPACE");
    }

    @Test
    void withTtl_whenLongerThanEveryVerifierAccepts_fails() {
        assertThat(DevTokens.defaults().withTtl(Duration.ofHours(24))).isNotNull();
        assertThatThrownBy(() -> DevTokens.defaults().withTtl(Duration.ofHours(24).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    @Test
    void withTtl_whenNotPositive_fails() {
        assertThatThrownBy(() -> DevTokens.defaults().withTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
