package dev.switchboard.lambdas.auth;

/**
 * The token could not be checked because a dependency (the JWKS endpoint) failed. Not the client's fault: the
 * authorizer lets it propagate, so API Gateway answers 500 and the client may retry, and no Deny gets cached.
 */
public final class VerifierUnavailableException extends RuntimeException {
    public VerifierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
