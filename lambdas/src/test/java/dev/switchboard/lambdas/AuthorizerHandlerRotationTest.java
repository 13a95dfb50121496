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
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.lambdas.AuthorizerHandlerSecretsTest.JWT_ARN;
import static dev.switchboard.lambdas.AuthorizerHandlerSecretsTest.ORIGIN_ARN;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.invoke;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withOrigin;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secret rotation as the authorizer sees it, with a fake secret source that keeps Secrets Manager's AWSCURRENT and
 * AWSPREVIOUS labels: putting a new value moves AWSCURRENT to it and AWSPREVIOUS to the old one
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html, "Secret versions"); removing
 * AWSPREVIOUS from the old version (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html)
 * ends the overlap. The authorizer re-reads a secret older than SECRET_MAX_AGE_SECONDS and after a SnapStart restore
 * (the CRaC afterRestore hook, https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html).
 */
class AuthorizerHandlerRotationTest {
    private static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final String KEY_1 = "first-hs256-key-of-at-least-thirty-two-bytes";
    private static final String KEY_2 = "second-hs256-key-of-at-least-thirty-two-bytes";
    private static final String KEY_3 = "third-hs256-key-of-at-least-thirty-two-bytes!";
    private static final String ORIGIN_1 = "first-origin-value";
    private static final String ORIGIN_2 = "second-origin-value";

    private final MutableClock clock = new MutableClock(Instant.now());
    private final FakeSecrets secrets = new FakeSecrets();
    private final CapturedLog log = new CapturedLog();

    private AuthorizerHandler handler(boolean origin) {
        Map<String, String> env = new HashMap<>(Map.of(
                EnvVars.JWT_SECRET_ARN, JWT_ARN,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE,
                EnvVars.SECRET_MAX_AGE_SECONDS, Long.toString(MAX_AGE.toSeconds())));
        if (origin) {
            env.put(EnvVars.ORIGIN_HEADER_NAME, "X-Switchboard-Origin");
            env.put(EnvVars.ORIGIN_SECRET_ARN, ORIGIN_ARN);
        }
        return new AuthorizerHandler(env, secrets, clock, log.log);
    }

    private String token(String key) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").issuer(TestKeys.ISSUER)
                .audience(TestKeys.AUDIENCE).issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build();
        return TestKeys.sign(new JWSHeader(JWSAlgorithm.HS256), claims,
                TestKeys.macSigner(key.getBytes(StandardCharsets.UTF_8)));
    }

    private String effect(AuthorizerHandler handler, String key) {
        return effect(invoke(handler, withToken(token(key))));
    }

    private static String effect(JsonNode response) {
        return response.at("/policyDocument/Statement/0/Effect").asText();
    }

    private List<JsonNode> secretLines() {
        return log.lines().stream().filter(l -> "cannot read secret".equals(l.path("message").asText())).toList();
    }

    @Test
    void rotation_oldTokenBefore_bothDuringTheOverlap_onlyTheNewAfter() {
        // GIVEN a key that has never been rotated (no AWSPREVIOUS: normal, not logged)
        secrets.put(JWT_ARN, KEY_1);
        var handler = handler(false);

        // THEN before the rotation the old key's tokens pass
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_2)).isEqualTo("Deny");
        assertThat(secretLines()).isEmpty();

        // WHEN the key is rotated (KEY_2 current, KEY_1 previous) and the cached copy has aged past the max age
        secrets.put(JWT_ARN, KEY_2);
        clock.advance(MAX_AGE);

        // THEN during the overlap both pass
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");

        // WHEN the overlap ends (AWSPREVIOUS removed from the old version) and the max age passes again
        secrets.removePrevious(JWT_ARN);
        clock.advance(MAX_AGE);

        // THEN the old key's tokens are refused and the new key's pass
        assertThat(effect(handler, KEY_1)).isEqualTo("Deny");
        assertThat(log.last().get("reason").asText()).isEqualTo("BAD_SIGNATURE");
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
    }

    @Test
    void rotation_secondRotation_dropsTheOldestKey() {
        secrets.put(JWT_ARN, KEY_1).put(JWT_ARN, KEY_2);
        var handler = handler(false);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");

        secrets.put(JWT_ARN, KEY_3);
        clock.advance(MAX_AGE);

        assertThat(effect(handler, KEY_3)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_1)).isEqualTo("Deny");
    }

    @Test
    void maxAge_isHonoured_noReadBeforeItAndOneReadWhenItIsReached() {
        // GIVEN a handler that has read the key once (both labels)
        secrets.put(JWT_ARN, KEY_1);
        var handler = handler(false);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");
        assertThat(secrets.reads()).hasSize(2);

        // WHEN the key is rotated and almost the max age passes
        secrets.put(JWT_ARN, KEY_2);
        clock.advance(MAX_AGE.minusSeconds(1));

        // THEN the cached copy is still used: no read, the new key is not known yet
        assertThat(effect(handler, KEY_2)).isEqualTo("Deny");
        assertThat(secrets.reads()).hasSize(2);

        // WHEN the max age is reached THEN one re-read (both labels) picks up the new key
        clock.advance(Duration.ofSeconds(1));
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(secrets.reads()).hasSize(4);
    }

    @Test
    void reads_onAHandshakesPath_haveABudgetThatKeepsAHeldCopyFromTimingOut() {
        // GIVEN a handler that reads the key for the first time, then again after the max age
        secrets.put(JWT_ARN, KEY_1);
        var handler = handler(false);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");
        clock.advance(MAX_AGE);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");

        // THEN only the first read of AWSCURRENT (nothing held yet) gets the longer budget; with a copy held, every
        // read is short, so a hanging Secrets Manager cannot push the handshake past the function's timeout
        assertThat(secrets.reads()).containsExactly(JWT_ARN + ":AWSCURRENT", JWT_ARN + ":AWSPREVIOUS",
                JWT_ARN + ":AWSCURRENT", JWT_ARN + ":AWSPREVIOUS");
        assertThat(secrets.timeouts()).containsExactly(RefreshingSecret.FIRST_READ_TIMEOUT,
                RefreshingSecret.REFRESH_TIMEOUT, RefreshingSecret.REFRESH_TIMEOUT, RefreshingSecret.REFRESH_TIMEOUT);
        assertThat(RefreshingSecret.FIRST_READ_TIMEOUT.plus(RefreshingSecret.REFRESH_TIMEOUT).multipliedBy(2))
                .isLessThan(Duration.ofSeconds(dev.switchboard.blueprint.FunctionSpec.DEFAULT_TIMEOUT_SECONDS));
    }

    @Test
    void restore_theCracHookMakesTheNextHandshakePickUpANewKey() {
        // GIVEN a handler that holds KEY_1
        secrets.put(JWT_ARN, KEY_1);
        var handler = handler(false);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");

        // WHEN the key is revoked (KEY_2 current, no previous) and the function is restored from a snapshot,
        // well within the max age
        secrets.put(JWT_ARN, KEY_2).removePrevious(JWT_ARN);
        handler.afterRestore(null);

        // THEN the next handshake re-reads: the new key passes, the revoked one is refused
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_1)).isEqualTo("Deny");
    }

    @Test
    void checkpoint_theCracHookDropsTheValuesAndRestoreReadsThemAgain() {
        secrets.put(JWT_ARN, KEY_1);
        var handler = handler(false);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");

        handler.beforeCheckpoint(null);
        secrets.put(JWT_ARN, KEY_2).removePrevious(JWT_ARN);
        handler.afterRestore(null);

        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_1)).isEqualTo("Deny");
    }

    @Test
    void failedRefresh_keepsTheLastGoodKeys_logsOncePerRetry_neverA500() {
        // GIVEN a handler holding KEY_2 (current) and KEY_1 (previous)
        secrets.put(JWT_ARN, KEY_1).put(JWT_ARN, KEY_2);
        var handler = handler(false);
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");

        // WHEN Secrets Manager starts refusing the read and the copy ages past the max age
        secrets.fail(JWT_ARN, "AccessDeniedException");
        clock.advance(MAX_AGE);

        // THEN both held keys still work (no 500), and one line names the secret, the cause and what is kept
        for (int i = 0; i < 3; i++) {
            assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
            assertThat(effect(handler, KEY_1)).isEqualTo("Allow");
        }
        assertThat(secretLines()).singleElement().satisfies(line -> {
            assertThat(line.get("secretArn").asText()).isEqualTo(JWT_ARN);
            assertThat(line.get("versionStage").asText()).isEqualTo("AWSCURRENT");
            assertThat(line.get("cause").asText()).isEqualTo("AccessDeniedException");
            assertThat(line.get("keeping").asText()).startsWith("the copy read at ");
        });

        // WHEN the retry interval passes and the read still fails THEN one more line, still no 500
        clock.advance(RefreshingSecret.RETRY_INTERVAL);
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(secretLines()).hasSize(2);

        // WHEN the read works again (after a rotation to KEY_3) THEN the next retry picks it up
        secrets.put(JWT_ARN, KEY_3);
        clock.advance(RefreshingSecret.RETRY_INTERVAL);
        assertThat(effect(handler, KEY_3)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_1)).isEqualTo("Deny");
    }

    @Test
    void failedReadOfThePreviousVersion_usesTheCurrentKeyAndRetriesSoon() {
        // GIVEN a rotated key whose AWSPREVIOUS read fails (e.g. a policy that allows AWSCURRENT only)
        secrets.put(JWT_ARN, KEY_1).put(JWT_ARN, KEY_2);
        SecretFetcherWithFailingPrevious fetcher = new SecretFetcherWithFailingPrevious(secrets);
        var handler = new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET_ARN, JWT_ARN,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE,
                EnvVars.SECRET_MAX_AGE_SECONDS, Long.toString(MAX_AGE.toSeconds())), fetcher, clock, log.log);

        // THEN the current key works, the failure is logged with its stage
        assertThat(effect(handler, KEY_2)).isEqualTo("Allow");
        assertThat(effect(handler, KEY_1)).isEqualTo("Deny");
        assertThat(secretLines()).singleElement()
                .satisfies(line -> assertThat(line.get("versionStage").asText()).isEqualTo("AWSPREVIOUS"));

        // AND once the previous version can be read, the retry after RETRY_INTERVAL (not the max age) accepts it
        fetcher.failPrevious = false;
        clock.advance(RefreshingSecret.RETRY_INTERVAL);
        assertThat(effect(handler, KEY_1)).isEqualTo("Allow");
    }

    @Test
    void originHeader_bothValuesPassDuringTheOverlap_onlyTheNewAfter() {
        secrets.put(JWT_ARN, KEY_1).put(ORIGIN_ARN, ORIGIN_1);
        var handler = handler(true);
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_1)))).isEqualTo("Allow");
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_2)))).isEqualTo("Deny");

        // WHEN the origin value is rotated: the distributions update one by one, some still send the old value
        secrets.put(ORIGIN_ARN, ORIGIN_2);
        clock.advance(MAX_AGE);
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_2)))).isEqualTo("Allow");
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_1)))).isEqualTo("Allow");

        // WHEN every distribution sends the new value and the overlap ends
        secrets.removePrevious(ORIGIN_ARN);
        clock.advance(MAX_AGE);
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_1)))).isEqualTo("Deny");
        assertThat(log.last().get("reason").asText()).isEqualTo("ORIGIN_MISMATCH");
        assertThat(effect(invoke(handler, withOrigin(token(KEY_1), ORIGIN_2)))).isEqualTo("Allow");
    }

    @Test
    void secretMaxAge_whenOutOfRange_failsNamingTheVariable() {
        assertThatThrownBy(() -> new AuthorizerHandler(Map.of(
                EnvVars.JWT_SECRET_ARN, JWT_ARN,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE,
                EnvVars.SECRET_MAX_AGE_SECONDS, "0"), secrets, clock, log.log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvVars.SECRET_MAX_AGE_SECONDS);
    }

    /** Delegates to the fake but refuses AWSPREVIOUS with AccessDenied while {@link #failPrevious}. */
    private static final class SecretFetcherWithFailingPrevious implements dev.switchboard.lambdas.auth.SecretFetcher {
        private final FakeSecrets delegate;
        volatile boolean failPrevious = true;

        SecretFetcherWithFailingPrevious(FakeSecrets delegate) {
            this.delegate = delegate;
        }

        @Override
        public String fetch(String secretId, String versionStage, Duration timeout) {
            if (failPrevious && PREVIOUS.equals(versionStage)) {
                throw new dev.switchboard.lambdas.auth.SecretReadException(secretId, "AccessDeniedException",
                        "not allowed for this stage", null);
            }
            return delegate.fetch(secretId, versionStage, timeout);
        }
    }
}
