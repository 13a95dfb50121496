package dev.switchboard.lambdas.auth;

/**
 * Thrown by the authorizer when the request carries no token. Its message is exactly {@value #MESSAGE}: the Lambda
 * authorizer convention that makes API Gateway answer 401 (the local gateway mirrors it). No stack trace is captured.
 */
public final class UnauthorizedException extends RuntimeException {
    public static final String MESSAGE = "Unauthorized";

    public UnauthorizedException() {
        super(MESSAGE, null, false, false);
    }
}
