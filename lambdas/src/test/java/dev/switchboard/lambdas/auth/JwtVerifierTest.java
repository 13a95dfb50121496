package dev.switchboard.lambdas.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.blueprint.TokenRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time checks at their boundaries (fixed clock) and the verifier's construction rules. */
class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final JwtVerifier verifier = new JwtVerifier(TestKeys.SECRET, null, TestKeys.ISSUER, TestKeys.AUDIENCE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("alice").issuer(TestKeys.ISSUER).audience(TestKeys.AUDIENCE)
                .issueTime(Date.from(NOW.minusSeconds(60))).expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    private Verdict verify(JWTClaimsSet claims) {
        return verifier.verify(TestKeys.hs256(claims));
    }

    @Test
    void verify_whenExpiredWithinSkew_allows_andBeyondSkew_denies() {
        assertThat(verify(claims().expirationTime(Date.from(NOW.minusSeconds(30))).build()).reason()).isEqualTo(Reason.OK);
        assertThat(verify(claims().expirationTime(Date.from(NOW.minusSeconds(31))).build()).reason())
                .isEqualTo(Reason.EXPIRED);
    }

    @Test
    void verify_whenNotBeforeWithinSkew_allows_andBeyondSkew_denies() {
        assertThat(verify(claims().notBeforeTime(Date.from(NOW.plusSeconds(30))).build()).reason()).isEqualTo(Reason.OK);
        assertThat(verify(claims().notBeforeTime(Date.from(NOW.plusSeconds(31))).build()).reason())
                .isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void verify_whenIssuedAtWithinSkew_allows_andBeyondSkew_denies() {
        assertThat(verify(claims().issueTime(Date.from(NOW.plusSeconds(30))).build()).reason()).isEqualTo(Reason.OK);
        assertThat(verify(claims().issueTime(Date.from(NOW.plusSeconds(31))).build()).reason())
                .isEqualTo(Reason.ISSUED_IN_FUTURE);
    }

    @Test
    void verify_whenValid_returnsTheSubjectAndHeaderFacts() {
        Verdict verdict = verify(claims().subject("dave").build());

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.subject()).isEqualTo("dave");
        assertThat(verdict.alg()).isEqualTo("HS256");
    }

    @Test
    void verify_whenTokenExactlyAtTheSizeLimit_parsesIt() {
        // GIVEN a valid token padded to exactly DEFAULT_MAX_TOKEN_BYTES
        String base = TestKeys.hs256(claims().claim("pad", "").build());
        String padded = TestKeys.hs256(claims().claim("pad", "x".repeat(padFor(base))).build());

        // WHEN / THEN it is at the limit and allowed; one more character is TOKEN_TOO_LARGE
        assertThat(padded).hasSize(JwtVerifier.DEFAULT_MAX_TOKEN_BYTES);
        assertThat(verifier.verify(padded).reason()).isEqualTo(Reason.OK);
        assertThat(verifier.verify(padded + "A").reason()).isEqualTo(Reason.TOKEN_TOO_LARGE);
    }

    /** base64url grows 4 characters per 3 bytes: find the pad length that lands exactly on the limit. */
    private int padFor(String base) {
        for (int pad = (JwtVerifier.DEFAULT_MAX_TOKEN_BYTES - base.length()) * 3 / 4 - 4; ; pad++) {
            int length = TestKeys.hs256(claims().claim("pad", "x".repeat(pad)).build()).length();
            if (length == JwtVerifier.DEFAULT_MAX_TOKEN_BYTES) {
                return pad;
            }
            if (length > JwtVerifier.DEFAULT_MAX_TOKEN_BYTES) {
                throw new AssertionError("no pad length lands exactly on the limit");
            }
        }
    }

    /** An HS256 token over exactly {@code claimsJson} (numbers as written, which nimbus's builder would rewrite). */
    private static String hs256Raw(String claimsJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TestKeys.SECRET, "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"exp\":-9300000000000000", "\"exp\":EXP,\"nbf\":1e300", "\"exp\":EXP,\"iat\":1e300",
            "\"exp\":EXP,\"nbf\":9.3e15", "\"exp\":9223372036854776", "\"exp\":1e400"})
    void verify_whenTimeClaimOutOfRange_isMalformed_beforeAnyDateConversion(String times) throws Exception {
        // issue 27: nimbus turned these seconds into dates with an unchecked multiplication, and the first four
        // were allowed (an expired token among them)
        String claims = "{\"sub\":\"alice\",\"iss\":\"" + TestKeys.ISSUER + "\",\"aud\":\"" + TestKeys.AUDIENCE
                + "\"," + times.replace("EXP", Long.toString(NOW.getEpochSecond() + 60)) + "}";

        assertThat(verifier.verify(hs256Raw(claims)).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void verify_whenLifetimeOverADay_isLifetimeTooLong() {
        assertThat(verify(claims().issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.minusSeconds(60).plus(TokenRules.MAX_LIFETIME))).build()).reason())
                .isEqualTo(Reason.OK);
        assertThat(verify(claims().issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.minusSeconds(59).plus(TokenRules.MAX_LIFETIME))).build()).reason())
                .isEqualTo(Reason.LIFETIME_TOO_LONG);
    }

    @Test
    void verify_whenNullOrEmpty_isMissingToken() {
        assertThat(verifier.verify(null).reason()).isEqualTo(Reason.MISSING_TOKEN);
        assertThat(verifier.verify("").reason()).isEqualTo(Reason.MISSING_TOKEN);
    }

    @Test
    void constructor_whenNoKeyConfigured_fails() {
        assertThatThrownBy(() -> new JwtVerifier((byte[]) null, null, "i", "a", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret")
                .hasMessageContaining("JWKS");
    }

    @Test
    void constructor_whenSecretShorterThan32Bytes_fails() {
        assertThatThrownBy(() -> new JwtVerifier(new byte[31], null, "i", "a", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }
}
