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
 */
public record SwitchboardSecrets(Output<String> jwtSecret, Output<String> originSecret) {
    /** HS256 keys shorter than this are refused by the authorizer (and here, before anything is deployed). */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    public SwitchboardSecrets {
        jwtSecret = Objects.requireNonNull(jwtSecret, "jwtSecret").applyValue(SwitchboardSecrets::checkJwt).asSecret();
        originSecret = Objects.requireNonNull(originSecret, "originSecret").applyValue(SwitchboardSecrets::checkOrigin)
                .asSecret();
    }

    private static String checkJwt(String v) {
        int bytes = v == null ? 0 : v.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_JWT_SECRET_BYTES) {
            throw new BlueprintException("switchboard:" + StackConfig.JWT_SECRET, "the HS256 secret has " + bytes
                    + " bytes, the authorizer needs at least " + MIN_JWT_SECRET_BYTES,
                    "pulumi config set --secret jwtSecret \"$(openssl rand -base64 48)\"");
        }
        return v;
    }

    private static String checkOrigin(String v) {
        if (v == null || v.isBlank()) {
            throw new BlueprintException("switchboard:" + StackConfig.ORIGIN_SECRET, "is empty",
                    "pulumi config set --secret originSecret \"$(openssl rand -hex 32)\"");
        }
        return v;
    }
}
