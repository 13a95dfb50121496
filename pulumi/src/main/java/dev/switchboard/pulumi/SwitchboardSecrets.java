package dev.switchboard.pulumi;

import com.pulumi.core.Output;

import java.util.Objects;

/**
 * The two secret values Switchboard provisions: the HS256 signing secret of the JWT authorizer and the value of the
 * secret origin header CloudFront adds (the authorizer rejects a handshake without it, so the execute-api URL cannot
 * bypass WAF). Both are marked secret, so Pulumi encrypts them in state; the program reads them from Pulumi secret
 * config ({@code pulumi config set --secret jwtSecret ...}).
 */
public record SwitchboardSecrets(Output<String> jwtSecret, Output<String> originSecret) {
    public SwitchboardSecrets {
        jwtSecret = Objects.requireNonNull(jwtSecret, "jwtSecret").asSecret();
        originSecret = Objects.requireNonNull(originSecret, "originSecret").asSecret();
    }
}
