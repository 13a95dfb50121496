package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.lambdas.auth.AuthorizerEvents;
import dev.switchboard.lambdas.auth.AuthorizerEvents.CapturedLog;
import dev.switchboard.lambdas.auth.JwksServer;
import dev.switchboard.lambdas.auth.JwtVerifier;
import dev.switchboard.lambdas.auth.OriginGuard;
import dev.switchboard.lambdas.auth.TestKeys;
import dev.switchboard.lambdas.auth.UnauthorizedException;
import dev.switchboard.lambdas.auth.VerifierUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static dev.switchboard.lambdas.auth.AuthorizerEvents.JSON;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.METHOD_ARN;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.invoke;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withOrigin;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withToken;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withoutQueryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizerHandlerTest {
    private static final String ORIGIN_SECRET = "origin-secret-from-cloudfront";
    private static JwksServer jwks;

    @BeforeAll
    static void startJwks() throws IOException {
        jwks = new JwksServer(TestKeys.jwks());
    }

    @AfterAll
    static void stopJwks() {
        jwks.close();
    }

    private static JwtVerifier verifier() {
        return new JwtVerifier(TestKeys.SECRET, JwtVerifier.remoteJwks(jwks.url()), TestKeys.ISSUER, TestKeys.AUDIENCE,
                Clock.systemUTC());
    }

    private static JsonNode allowFor(String user) throws IOException {
        return JSON.readTree("""
                {"principalId":"%s","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke",
                 "Effect":"Allow","Resource":"%s"}]},"context":{"userId":"%s"}}""".formatted(user, METHOD_ARN, user));
    }

    private static JsonNode deny() throws IOException {
        return JSON.readTree("""
                {"principalId":"denied","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke",
                 "Effect":"Deny","Resource":"%s"}]}}""".formatted(METHOD_ARN));
    }

    @Test
    void authorize_whenHs256TokenValid_allowsWithExactPolicyAndContext() throws IOException {
        // GIVEN an authorizer with the shared secret and a valid HS256 token for alice
        CapturedLog log = new CapturedLog();
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), log.log);
        String token = TestKeys.hs256(TestKeys.validClaims().build());

        // WHEN the REQUEST authorizer event arrives
        JsonNode response = invoke(handler, withToken(token));

        // THEN the answer allows exactly the request's methodArn for alice, and the log says so without the token
        assertThat(response).isEqualTo(allowFor("alice"));
        JsonNode line = log.last();
        assertThat(line.get("outcome").asText()).isEqualTo("ALLOW");
        assertThat(line.get("userId").asText()).isEqualTo("alice");
        assertThat(line.get("requestId").asText()).isEqualTo("HEMM0GseIAMESYg=");
        assertThat(line.get("connectionId").asText()).isEqualTo("HEMM0fIjIAMCFvA=");
        assertThat(log.text()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void authorize_whenHs256TokenCarriesAKid_allows() throws IOException {
        // GIVEN a valid HS256 token that names a key id (the shared secret is the only HS256 key, so kid is ignored)
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);
        String token = TestKeys.sign(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID("primary").build(), TestKeys.validClaims().build(), TestKeys.macSigner(TestKeys.SECRET));

        // WHEN / THEN it is allowed
        assertThat(invoke(handler, withToken(token))).isEqualTo(allowFor("alice"));
    }

    @Test
    void authorize_whenRs256TokenFromJwksValid_allows() throws IOException {
        // GIVEN a valid RS256 token whose kid is in the JWKS served over HTTP
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);
        String token = TestKeys.rs256(TestKeys.validClaims().subject("bob").build());

        // WHEN / THEN it is allowed for bob
        assertThat(invoke(handler, withToken(token))).isEqualTo(allowFor("bob"));
    }

    @Test
    void authorize_whenEs256TokenFromJwksValid_allows() throws IOException {
        // GIVEN a valid ES256 (P-256) token whose kid is in the JWKS
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);
        String token = TestKeys.es256(TestKeys.validClaims().subject("carol").build());

        // WHEN / THEN it is allowed for carol
        assertThat(invoke(handler, withToken(token))).isEqualTo(allowFor("carol"));
    }

    @Test
    void authorize_whenAudienceIsAnArrayContainingOurs_allows() throws IOException {
        // GIVEN a token whose aud lists another audience besides ours
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);
        String token = TestKeys.hs256(TestKeys.validClaims().audience(List.of("other", TestKeys.AUDIENCE)).build());

        // WHEN / THEN it is allowed
        assertThat(invoke(handler, withToken(token))).isEqualTo(allowFor("alice"));
    }

    @Test
    void authorize_whenExpiredWithinClockSkew_allows() throws IOException {
        // GIVEN a token that expired 10 s ago (within the 30 s skew)
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);
        Instant now = Instant.now();
        String token = TestKeys.hs256(TestKeys.validClaims()
                .expirationTime(Date.from(now.minusSeconds(10))).build());

        // WHEN / THEN it is still allowed
        assertThat(invoke(handler, withToken(token))).isEqualTo(allowFor("alice"));
    }

    @Test
    void authorize_whenManyTokens_fetchesTheJwksOnce() {
        // GIVEN a fresh verifier (its own cache) and a JWKS server that counts fetches
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);
        int before = jwks.fetches();

        // WHEN ten RS256 and ES256 tokens are checked
        for (int i = 0; i < 5; i++) {
            invoke(handler, withToken(TestKeys.rs256(TestKeys.validClaims().subject("u" + i).build())));
            invoke(handler, withToken(TestKeys.es256(TestKeys.validClaims().subject("v" + i).build())));
        }

        // THEN the JWKS was fetched once
        assertThat(jwks.fetches() - before).isEqualTo(1);
    }

    /**
     * A flood of tokens whose kid is in no JWKS (each asks nimbus to re-fetch the JWKS, which it rate-limits) is denied
     * token by token, never answered with a 500, and a valid token still passes. Only a failed JWKS fetch is
     * "unavailable".
     */
    @Test
    void authorize_whenManyTokensWithUnknownKids_deniesEachAndStillAllowsValidTokens() throws IOException {
        // GIVEN a fresh verifier that has fetched the JWKS once for a valid token
        CapturedLog log = new CapturedLog();
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), log.log);
        assertThat(invoke(handler, withToken(TestKeys.rs256(TestKeys.validClaims().build())))).isEqualTo(allowFor("alice"));
        int before = jwks.fetches();

        // WHEN 20 tokens signed with a real key but naming random kids arrive, RS256 and ES256
        for (int i = 0; i < 20; i++) {
            String kid = java.util.UUID.randomUUID().toString();
            String token = i % 2 == 0
                    ? TestKeys.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                            TestKeys.validClaims().build(), TestKeys.rsaSigner(TestKeys.RSA))
                    : TestKeys.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
                            TestKeys.validClaims().build(), TestKeys.ecSigner(TestKeys.EC));

            // THEN each is a Deny (403), logged UNKNOWN_KEY
            assertThat(invoke(handler, withToken(token))).isEqualTo(deny());
            assertThat(log.last().get("reason").asText()).isEqualTo("UNKNOWN_KEY");
        }

        // AND valid tokens still pass, and the JWKS endpoint saw at most the rate limiter's re-fetches
        assertThat(invoke(handler, withToken(TestKeys.rs256(TestKeys.validClaims().subject("bob").build()))))
                .isEqualTo(allowFor("bob"));
        assertThat(invoke(handler, withToken(TestKeys.es256(TestKeys.validClaims().subject("carol").build()))))
                .isEqualTo(allowFor("carol"));
        assertThat(jwks.fetches() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void envConstructor_whenJwksUrlIsPlainHttp_failsNamingTheSettingAndTheFix() {
        for (String url : List.of("http://issuer.example.com/.well-known/jwks.json",
                "http://127.0.0.1.example.com/jwks.json", "HTTP://issuer.example.com/jwks.json", "ftp://issuer/jwks")) {
            assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                    EnvVars.JWT_JWKS_URL, url,
                    EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                    EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE)))
                    .as(url)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(EnvVars.JWT_JWKS_URL)
                    .hasMessageContaining("https://");
        }
    }

    @Test
    void envConstructor_whenJwksUrlIsHttpOnLoopback_isAccepted() throws IOException {
        // GIVEN the test JWKS server on http://127.0.0.1 (loopback: tests and the local API only)
        var handler = new AuthorizerHandler(Map.of(
                EnvVars.JWT_JWKS_URL, jwks.url().toString(),
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE));

        assertThat(invoke(handler, withToken(TestKeys.rs256(TestKeys.validClaims().build())))).isEqualTo(allowFor("alice"));
    }

    @Test
    void authorize_whenNoQueryString_throwsUnauthorized() {
        // GIVEN a handshake without any query string
        CapturedLog log = new CapturedLog();
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), log.log);

        // WHEN / THEN the handler throws the exception API Gateway maps to 401, and logs MISSING_TOKEN
        assertThatThrownBy(() -> invoke(handler, withoutQueryString()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("Unauthorized");
        assertThat(log.last().get("outcome").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(log.last().get("reason").asText()).isEqualTo("MISSING_TOKEN");
    }

    @Test
    void authorize_whenTokenEmpty_throwsUnauthorized() {
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);

        assertThatThrownBy(() -> invoke(handler, withToken("")))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("Unauthorized");
    }

    @Test
    void authorize_whenEventHasNoMethodArn_failsWithAStableMessage() {
        // GIVEN an event that is JSON but not an authorizer event
        CapturedLog log = new CapturedLog();
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), log.log);

        // WHEN / THEN it fails (500) with a fixed message, and the log says why
        assertThatThrownBy(() -> invoke(handler, "{\"type\":\"REQUEST\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Bad authorizer event");
        assertThat(log.last().get("reason").asText()).isEqualTo("BAD_EVENT");
    }

    @Test
    void authorize_whenEventIsNotJson_failsWithAStableMessage() {
        var handler = new AuthorizerHandler(verifier(), OriginGuard.disabled(), new CapturedLog().log);

        assertThatThrownBy(() -> invoke(handler, "not json".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Bad authorizer event");
    }

    @Test
    void authorize_whenJwksUnreachable_failsInsteadOfDenying() throws IOException {
        // GIVEN a JWKS URL where nothing listens any more
        JwksServer gone = new JwksServer(TestKeys.jwks());
        var url = gone.url();
        gone.close();
        CapturedLog log = new CapturedLog();
        var verifier = new JwtVerifier((byte[]) null, JwtVerifier.remoteJwks(url), TestKeys.ISSUER, TestKeys.AUDIENCE,
                Clock.systemUTC());
        var handler = new AuthorizerHandler(verifier, OriginGuard.disabled(), log.log);

        // WHEN / THEN a good RS256 token gets a 500 (an exception other than Unauthorized), not a cached Deny
        assertThatThrownBy(() -> invoke(handler, withToken(TestKeys.rs256(TestKeys.validClaims().build()))))
                .isInstanceOf(VerifierUnavailableException.class)
                .hasMessageNotContaining("Unauthorized");
        assertThat(log.last().get("reason").asText()).isEqualTo("VERIFIER_UNAVAILABLE");
    }

    @Test
    void authorize_whenOriginHeaderRequiredAndMissing_denies() throws IOException {
        // GIVEN an authorizer that requires the origin header and a request without it
        CapturedLog log = new CapturedLog();
        var handler = new AuthorizerHandler(verifier(), OriginGuard.requiring("X-Switchboard-Origin", ORIGIN_SECRET),
                log.log);
        String token = TestKeys.hs256(TestKeys.validClaims().build());

        // WHEN / THEN even a valid token is denied
        assertThat(invoke(handler, withToken(token))).isEqualTo(deny());
        assertThat(log.last().get("reason").asText()).isEqualTo("ORIGIN_MISSING");
    }

    @Test
    void authorize_whenOriginHeaderWrong_denies() throws IOException {
        CapturedLog log = new CapturedLog();
        var handler = new AuthorizerHandler(verifier(), OriginGuard.requiring("X-Switchboard-Origin", ORIGIN_SECRET),
                log.log);
        String token = TestKeys.hs256(TestKeys.validClaims().build());

        assertThat(invoke(handler, withOrigin(token, ORIGIN_SECRET + "x"))).isEqualTo(deny());
        assertThat(invoke(handler, withOrigin(token, ORIGIN_SECRET.substring(1)))).isEqualTo(deny());
        assertThat(log.last().get("reason").asText()).isEqualTo("ORIGIN_MISMATCH");
        assertThat(log.text()).doesNotContain(ORIGIN_SECRET);
    }

    @Test
    void authorize_whenOriginHeaderRightInAnotherCase_allows() throws IOException {
        // GIVEN the header configured as X-Switchboard-Origin and sent lower-case with the right value
        var handler = new AuthorizerHandler(verifier(), OriginGuard.requiring("X-Switchboard-Origin", ORIGIN_SECRET),
                new CapturedLog().log);
        String token = TestKeys.hs256(TestKeys.validClaims().build());

        // WHEN / THEN it is allowed
        assertThat(invoke(handler, withOrigin(token, ORIGIN_SECRET))).isEqualTo(allowFor("alice"));
    }

    @Test
    void authorize_whenOriginRightButTokenBad_denies() throws IOException {
        var handler = new AuthorizerHandler(verifier(), OriginGuard.requiring("X-Switchboard-Origin", ORIGIN_SECRET),
                new CapturedLog().log);

        assertThat(invoke(handler, withOrigin("garbage", ORIGIN_SECRET))).isEqualTo(deny());
    }

    @Test
    void devToken_roundTripsThroughTheEnvConfiguredAuthorizer() throws IOException {
        // GIVEN the authorizer configured like the local API (map constructor, dev secret, issuer and audience)
        var handler = new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET, DevTokens.DEV_SECRET,
                EnvVars.JWT_ISSUER, DevTokens.DEFAULT_ISSUER,
                EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE));

        // WHEN a dev token for alice arrives
        JsonNode response = invoke(handler, withToken(DevTokens.mint("alice")));

        // THEN it is allowed for alice
        assertThat(response).isEqualTo(allowFor("alice"));
    }

    @Test
    void devToken_whenExpired_isDenied() throws IOException {
        var handler = new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET, DevTokens.DEV_SECRET,
                EnvVars.JWT_ISSUER, DevTokens.DEFAULT_ISSUER,
                EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE));
        String expired = DevTokens.defaults()
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
                .token("alice");

        assertThat(invoke(handler, withToken(expired))).isEqualTo(deny());
    }

    @Test
    void envConstructor_withJwksUrl_allowsRs256() throws IOException {
        // GIVEN the map constructor with a JWKS URL only
        var handler = new AuthorizerHandler(Map.of(
                EnvVars.JWT_JWKS_URL, jwks.url().toString(),
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE,
                EnvVars.ORIGIN_HEADER_NAME, "X-Switchboard-Origin",
                EnvVars.ORIGIN_SECRET, ORIGIN_SECRET));
        String token = TestKeys.rs256(TestKeys.validClaims().build());

        // WHEN / THEN RS256 with the origin header is allowed; HS256 (no secret configured) and no origin are denied
        assertThat(invoke(handler, withOrigin(token, ORIGIN_SECRET))).isEqualTo(allowFor("alice"));
        assertThat(invoke(handler, withOrigin(TestKeys.hs256(TestKeys.validClaims().build()), ORIGIN_SECRET)))
                .isEqualTo(deny());
        assertThat(invoke(handler, withToken(token))).isEqualTo(deny());
    }

    @Test
    void envConstructor_whenIssuerMissing_failsNamingTheVariable() {
        assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET, DevTokens.DEV_SECRET,
                EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvVars.JWT_ISSUER);
    }

    @Test
    void envConstructor_whenNoKeyConfigured_failsNamingTheVariables() {
        assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                EnvVars.JWT_ISSUER, "i",
                EnvVars.JWT_AUDIENCE, "a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvVars.JWT_SECRET_ARN)
                .hasMessageContaining(EnvVars.JWT_JWKS_URL);
    }

    @Test
    void envConstructor_whenSecretTooShort_failsWithoutPrintingIt() {
        assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET, "short-secret",
                EnvVars.JWT_ISSUER, "i",
                EnvVars.JWT_AUDIENCE, "a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void envConstructor_whenOriginNameWithoutSecret_fails() {
        assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET, DevTokens.DEV_SECRET,
                EnvVars.JWT_ISSUER, "i",
                EnvVars.JWT_AUDIENCE, "a",
                EnvVars.ORIGIN_HEADER_NAME, "X-Switchboard-Origin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvVars.ORIGIN_SECRET);
    }

    /**
     * Lambda's constructor reads no secret: under SnapStart it runs when the version is published, and an exception
     * there fails the version and rolls the stack back (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html).
     * Here the secret cannot be read at all (no region, no Secrets Manager): construction succeeds, the handshake
     * fails with a 500 whose log line names the secret.
     */
    @Test
    void envConstructor_whenSecretArnUnreadable_constructsAndNamesTheSecretOnTheHandshake() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/dev/jwt-key-AbCdEf";
        var handler = new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET_ARN, arn,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE));

        assertThatThrownBy(() -> invoke(handler, withToken(TestKeys.hs256(TestKeys.validClaims().build()))))
                .isInstanceOf(VerifierUnavailableException.class)
                .hasMessageContaining(arn);
    }

    private static Map<String, String> devEnv(String maxTokenBytes) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                EnvVars.JWT_SECRET, new String(TestKeys.SECRET, java.nio.charset.StandardCharsets.UTF_8),
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE));
        if (maxTokenBytes != null) {
            env.put(EnvVars.MAX_TOKEN_BYTES, maxTokenBytes);
        }
        return env;
    }

    /** The largest valid HS256 token not longer than {@code limit}, and the smallest one longer. */
    private static List<String> tokensAround(int limit) {
        String base = TestKeys.hs256(TestKeys.validClaims().claim("pad", "").build());
        String below = base;
        for (int pad = Math.max(0, (limit - base.length()) * 3 / 4 - 8); ; pad++) {
            String token = TestKeys.hs256(TestKeys.validClaims().claim("pad", "x".repeat(pad)).build());
            if (token.length() > limit) {
                return List.of(below, token);
            }
            below = token;
        }
    }

    /**
     * MAX_TOKEN_BYTES (the blueprint's limits.maxTokenBytes, which also sizes the edge web ACL's query-string rule:
     * AWS WAF's AWSManagedRulesCommonRuleSet blocks query strings over 2,048 bytes unless overridden,
     * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html) bounds the token.
     */
    @Test
    void envConstructor_withMaxTokenBytes_allowsTokensUpToItAndDeniesLarger() throws IOException {
        var handler = new AuthorizerHandler(devEnv("1024"));
        List<String> around = tokensAround(1024);

        assertThat(around.get(0).length()).isBetween(1022, 1024);
        assertThat(invoke(handler, withToken(around.get(0)))).isEqualTo(allowFor("alice"));
        assertThat(invoke(handler, withToken(around.get(1)))).isEqualTo(deny());
    }

    @Test
    void envConstructor_withoutMaxTokenBytes_usesTheBlueprintDefault() throws IOException {
        var handler = new AuthorizerHandler(devEnv(null));
        List<String> around = tokensAround(dev.switchboard.blueprint.Limits.defaults().maxTokenBytes());

        assertThat(invoke(handler, withToken(around.get(0)))).isEqualTo(allowFor("alice"));
        assertThat(invoke(handler, withToken(around.get(1)))).isEqualTo(deny());
    }

    @Test
    void envConstructor_whenMaxTokenBytesInvalid_failsNamingTheVariable() {
        assertThatThrownBy(() -> new AuthorizerHandler(devEnv("4k")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvVars.MAX_TOKEN_BYTES)
                .hasMessageContaining("4k");
        assertThatThrownBy(() -> new AuthorizerHandler(devEnv("100000")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvVars.MAX_TOKEN_BYTES);
    }

    @Test
    void envConstructor_whenSecretAndArnBothSet_fails() {
        assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET, DevTokens.DEV_SECRET,
                EnvVars.JWT_SECRET_ARN, "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt",
                EnvVars.JWT_ISSUER, "i",
                EnvVars.JWT_AUDIENCE, "a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("both");
    }
}
