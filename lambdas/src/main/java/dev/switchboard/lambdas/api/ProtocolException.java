package dev.switchboard.lambdas.api;

/**
 * A client error that a handler answers with an error frame {@code {"type":"error","code":..,"message":..}}; the
 * connection stays open. The message reaches the client: keep it short and free of internal details.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** MISSING_FIELD for {@code field}. */
    public static ProtocolException missing(String field, String expected) {
        return new ProtocolException(ErrorCode.MISSING_FIELD, "field '" + field + "' is required: " + expected);
    }
}
