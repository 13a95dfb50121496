package dev.switchboard.lambdas.auth;

import java.util.Map;

/**
 * The request could not be checked because a dependency failed: the JWKS endpoint, or a secret that has never been
 * read successfully. Not the client's fault: the authorizer lets it propagate, so API Gateway answers 500 and the
 * client may retry, and no Deny gets cached. {@link #reason()} and {@link #fields()} go to the decision's log line.
 */
public final class VerifierUnavailableException extends RuntimeException {
    /** The JWKS could not be fetched. */
    public static final String JWKS_UNAVAILABLE = "VERIFIER_UNAVAILABLE";
    /** A secret (the HS256 key or the origin value) has never been read. */
    public static final String SECRET_UNAVAILABLE = "SECRET_UNAVAILABLE";

    private final String reason;
    private final Map<String, String> fields;

    public VerifierUnavailableException(String message, Throwable cause) {
        this(JWKS_UNAVAILABLE, message, cause, Map.of("error", String.valueOf(cause)));
    }

    public VerifierUnavailableException(String reason, String message, Throwable cause, Map<String, String> fields) {
        super(message, cause);
        this.reason = reason;
        this.fields = Map.copyOf(fields);
    }

    /** The log's reason code: {@link #JWKS_UNAVAILABLE} or {@link #SECRET_UNAVAILABLE}. */
    public String reason() {
        return reason;
    }

    /** Fields for the log line (e.g. {@code secretArn} and {@code cause}); never a secret value. */
    public Map<String, String> fields() {
        return fields;
    }
}
