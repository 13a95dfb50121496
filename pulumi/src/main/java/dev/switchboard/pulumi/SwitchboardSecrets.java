package dev.switchboard.pulumi;

import com.pulumi.core.Output;
import dev.switchboard.blueprint.BlueprintException;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The two secret values Switchboard provisions: the HS256 signing secret of the JWT authorizer and the value of the
 * secret origin header CloudFront adds (the authorizer rejects a handshake without it, so the execute-api URL cannot
 * bypass WAF). Both are marked secret, so Pulumi encrypts them in state; the program reads them from Pulumi secret
 * config ({@code pulumi config set --secret jwtSecret ...}).
 *
 * <p>A rotation is staged with {@code jwtSecretNext} / {@code originSecretNext} (docs/deploy.md, "Rotating secrets"):
 * while one is set, the Secrets Manager secret holds it ({@link #storedJwtSecret()}, {@link #storedOriginSecret()}:
 * a new version labelled AWSCURRENT, the old one AWSPREVIOUS, so the authorizer accepts both), but CloudFront still
 * sends {@code originSecret}. Once every authorizer has re-read (SECRET_MAX_AGE_SECONDS), the value moves to
 * {@code jwtSecret} / {@code originSecret} and the staged key is removed: the secret keeps its value and only the
 * distributions' header changes.
 *
 * @param jwtSecret        the HS256 key the secret holds when no rotation is staged
 * @param originSecret     the origin header value CloudFront sends (null only without the edge, which has no
 *                         CloudFront; {@link SwitchboardArgs} refuses null with the edge on)
 * @param jwtSecretNext    a staged HS256 key (null: none)
 * @param originSecretNext a staged origin value (null: none)
 */
public record SwitchboardSecrets(Output<String> jwtSecret, Output<String> originSecret, Output<String> jwtSecretNext,
                                 Output<String> originSecretNext) {
    /** HS256 keys shorter than this are refused by the authorizer (and here, before anything is deployed). */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    public SwitchboardSecrets {
        jwtSecret = Objects.requireNonNull(jwtSecret, "jwtSecret")
                .applyValue(v -> checkJwt(StackConfig.JWT_SECRET, v)).asSecret();
        originSecret = originSecret == null ? null
                : originSecret.applyValue(v -> checkOrigin(StackConfig.ORIGIN_SECRET, v)).asSecret();
        jwtSecretNext = jwtSecretNext == null ? null
                : jwtSecretNext.applyValue(v -> checkJwt(StackConfig.JWT_SECRET_NEXT, v)).asSecret();
        originSecretNext = originSecretNext == null ? null
                : originSecretNext.applyValue(v -> checkOrigin(StackConfig.ORIGIN_SECRET_NEXT, v)).asSecret();
    }

    /** No rotation staged. */
    public SwitchboardSecrets(Output<String> jwtSecret, Output<String> originSecret) {
        this(jwtSecret, originSecret, null, null);
    }

    /** These secrets with the staged values {@code jwtNext} and {@code originNext} (each may be null: none). */
    public SwitchboardSecrets staging(Output<String> jwtNext, Output<String> originNext) {
        return new SwitchboardSecrets(jwtSecret, originSecret, jwtNext, originNext);
    }

    /** What the JWT secret in Secrets Manager holds (AWSCURRENT): the staged key while one is set. */
    public Output<String> storedJwtSecret() {
        return jwtSecretNext != null ? jwtSecretNext : jwtSecret;
    }

    /**
     * What the origin secret in Secrets Manager holds (AWSCURRENT): the staged value while one is set. CloudFront
     * sends {@link #originSecret()}, never this.
     */
    public Output<String> storedOriginSecret() {
        return originSecretNext != null ? originSecretNext : originSecret;
    }

    private static String checkJwt(String key, String v) {
        int bytes = v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_JWT_SECRET_BYTES) {
            throw new BlueprintException("switchboard:" + key, "the HS256 secret has " + bytes
                    + " bytes, the authorizer needs at least " + MIN_JWT_SECRET_BYTES,
                    "pulumi config set --secret " + key + " \"$(openssl rand -base64 48)\"");
        }
        return v;
    }

    private static String checkOrigin(String key, String v) {
        if (v == null || v.isBlank()) {
            throw new BlueprintException("switchboard:" + key, "is empty",
                    "pulumi config set --secret " + key + " \"$(openssl rand -hex 32)\"");
        }
        return v;
    }
}
