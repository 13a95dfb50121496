package dev.switchboard.lambdas.auth;

import java.util.Objects;

/**
 * A secret could not be read (or its value is unusable). Carries the secret's id (its ARN in AWS), the stable cause
 * code (Secrets Manager's error code such as {@code AccessDeniedException} or {@code ResourceNotFoundException},
 * {@code SdkClientException} for a network failure, or one of ours such as {@code NoSecretString}) and a detail that
 * never contains the value.
 */
public final class SecretReadException extends RuntimeException {
    private final String secretId;
    private final String errorCode;
    private final String detail;

    public SecretReadException(String secretId, String errorCode, String detail, Throwable cause) {
        super("cannot read secret " + secretId + " (" + errorCode + ": " + detail + ")", cause);
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.detail = detail;
    }

    /** What went wrong and what to check, without the value. */
    public String detail() {
        return detail;
    }

    /** The ARN (or name) that was asked for. */
    public String secretId() {
        return secretId;
    }

    /** The stable cause code, e.g. {@code AccessDeniedException}. */
    public String errorCode() {
        return errorCode;
    }
}
