package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.auth.AuthorizerEvents.CapturedLog;
import dev.switchboard.lambdas.auth.FakeSecrets;
import dev.switchboard.lambdas.auth.MutableClock;
import dev.switchboard.lambdas.auth.RefreshingSecret;
import dev.switchboard.lambdas.auth.TestKeys;
import dev.switchboard.lambdas.auth.VerifierUnavailableException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.lambdas.auth.AuthorizerEvents.invoke;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withOrigin;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The authorizer's secrets read through a fake {@link dev.switchboard.lambdas.auth.SecretFetcher}: when they are read
 * and what a failed read does.
 *
 * <p>Lambda SnapStart runs the function's initialization (the constructor) when a version is published, and an
 * exception there fails the version: "Lambda SnapStart runtime hooks for Java",
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html and "Improving startup performance
 * with Lambda SnapStart", https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html. So the constructor must read
 * no secret.
 */
class AuthorizerHandlerSecretsTest {
    static final String JWT_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/dev/jwt-key-AbCdEf";
    static final String ORIGIN_ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/dev/origin-value-GhIjKl";
    static final String KEY_1 = "first-hs256-key-of-at-least-thirty-two-bytes";
    static final String ORIGIN_1 = "first-origin-value";

    final MutableClock clock = new MutableClock(Instant.now());
    final FakeSecrets secrets = new FakeSecrets();
    final CapturedLog log = new CapturedLog();

    static Map<String, String> env(boolean origin) {
        Map<String, String> env = new HashMap<>(Map.of(
                EnvVars.JWT_SECRET_ARN, JWT_ARN,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE));
        if (origin) {
            env.put(EnvVars.ORIGIN_HEADER_NAME, "X-Switchboard-Origin");
            env.put(EnvVars.ORIGIN_SECRET_ARN, ORIGIN_ARN);
        }
        return env;
    }

    String token(String key) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").issuer(TestKeys.ISSUER)
                .audience(TestKeys.AUDIENCE).issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build();
        return TestKeys.sign(new JWSHeader(JWSAlgorithm.HS256), claims,
                TestKeys.macSigner(key.getBytes(StandardCharsets.UTF_8)));
    }

    static String effect(JsonNode response) {
        return response.at("/policyDocument/Statement/0/Effect").asText();
    }

    List<JsonNode> secretLines() {
        return log.lines().stream().filter(l -> "cannot read secret".equals(l.path("message").asText())).toList();
    }

    @Test
    void constructor_readsNoSecret_evenWhenTheSecretIsUnreadable() {
        // GIVEN a role that may not read the HS256 key (AccessDenied), as after a wrong ARN or a missing grant
        secrets.fail(JWT_ARN, "AccessDeniedException").fail(ORIGIN_ARN, "ResourceNotFoundException");

        // WHEN the handler is constructed (SnapStart: when the version is published)
        new AuthorizerHandler(env(true), secrets, clock, log.log);

        // THEN nothing was read and nothing failed
        assertThat(secrets.reads()).isEmpty();
    }

    @Test
    void handshake_whenSecretUnreadable_failsWith500AndOneLineNamingTheSecretAndTheCause() {
        // GIVEN an authorizer whose HS256 key cannot be read
        secrets.fail(JWT_ARN, "AccessDeniedException");
        var handler = new AuthorizerHandler(env(false), secrets, clock, log.log);

        // WHEN two handshakes arrive within the retry interval
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> invoke(handler, withToken(token(KEY_1))))
                    .isInstanceOf(VerifierUnavailableException.class);
        }

        // THEN the secret was read once, one line names it and the cause, and each decision line says why it failed
        assertThat(secrets.reads()).containsExactly(JWT_ARN + ":AWSCURRENT");
        assertThat(secretLines()).singleElement().satisfies(line -> {
            assertThat(line.get("level").asText()).isEqualTo("ERROR");
            assertThat(line.get("secretArn").asText()).isEqualTo(JWT_ARN);
            assertThat(line.get("cause").asText()).isEqualTo("AccessDeniedException");
            assertThat(line.get("keeping").asText()).isEqualTo("none");
        });
        JsonNode decision = log.last();
        assertThat(decision.get("outcome").asText()).isEqualTo("ERROR");
        assertThat(decision.get("reason").asText()).isEqualTo("SECRET_UNAVAILABLE");
        assertThat(decision.get("secretArn").asText()).isEqualTo(JWT_ARN);
        assertThat(decision.get("cause").asText()).isEqualTo("AccessDeniedException");
    }

    @Test
    void handshake_whenSecretBecomesReadable_isAllowedAfterTheRetryInterval() {
        // GIVEN a first read that failed
        secrets.fail(JWT_ARN, "ResourceNotFoundException");
        var handler = new AuthorizerHandler(env(false), secrets, clock, log.log);
        assertThatThrownBy(() -> invoke(handler, withToken(token(KEY_1))))
                .isInstanceOf(VerifierUnavailableException.class);

        // WHEN the secret becomes readable and the retry interval passes
        secrets.put(JWT_ARN, KEY_1);
        clock.advance(RefreshingSecret.RETRY_INTERVAL);

        // THEN the next handshake reads it and is allowed
        assertThat(effect(invoke(handler, withToken(token(KEY_1))))).isEqualTo("Allow");
    }

    @Test
    void handshake_whenOriginSecretUnreadable_namesTheOriginSecret() {
        // GIVEN a readable HS256 key and an origin secret that does not exist
        secrets.put(JWT_ARN, KEY_1).fail(ORIGIN_ARN, "ResourceNotFoundException");
        var handler = new AuthorizerHandler(env(true), secrets, clock, log.log);

        // WHEN a handshake with an origin header arrives
        assertThatThrownBy(() -> invoke(handler, withOrigin(token(KEY_1), ORIGIN_1)))
                .isInstanceOf(VerifierUnavailableException.class);

        // THEN the log names the origin secret and the cause
        assertThat(secretLines()).singleElement().satisfies(line -> {
            assertThat(line.get("secretArn").asText()).isEqualTo(ORIGIN_ARN);
            assertThat(line.get("cause").asText()).isEqualTo("ResourceNotFoundException");
        });
        assertThat(log.last().get("secretArn").asText()).isEqualTo(ORIGIN_ARN);
    }

    @Test
    void handshake_whenStoredKeyTooShort_logsInvalidValueWithoutPrintingIt() {
        secrets.put(JWT_ARN, "short-key");
        var handler = new AuthorizerHandler(env(false), secrets, clock, log.log);

        assertThatThrownBy(() -> invoke(handler, withToken(token(KEY_1))))
                .isInstanceOf(VerifierUnavailableException.class);

        assertThat(secretLines()).singleElement()
                .satisfies(line -> assertThat(line.get("cause").asText()).isEqualTo("InvalidSecretValue"));
        assertThat(log.text()).doesNotContain("short-key");
    }

    @Test
    void handshake_whenBothSecretsReadable_isAllowedWithTheOriginHeader() {
        secrets.put(JWT_ARN, KEY_1).put(ORIGIN_ARN, ORIGIN_1);
        var handler = new AuthorizerHandler(env(true), secrets, clock, log.log);

        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_1)))).isEqualTo("Allow");
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), "guess")))).isEqualTo("Deny");
        assertThat(secrets.readIds()).containsExactlyInAnyOrder(JWT_ARN, JWT_ARN, ORIGIN_ARN, ORIGIN_ARN);
    }
}
