package dev.switchboard.lambdas.api;

/** The stable error codes of the protocol (docs/protocol.md). Clients switch on these; never rename one. */
public enum ErrorCode {
    /** The frame is not a JSON object. */
    BAD_JSON,
    /** The frame has no {@code action}, or one no route handles. */
    UNKNOWN_ACTION,
    /** A required field is missing or has the wrong type or format. */
    MISSING_FIELD,
    /** The sender is not a member of the room it sends to or leaves. */
    NOT_A_MEMBER,
    /** The connection sent more frames than its rate allows. */
    RATE_LIMITED,
    /** {@code data} is larger than the blueprint's limit. */
    TOO_LARGE,
    /** {@code $connect} of a user who already holds {@code maxConnectionsPerUser} open connections (HTTP 429). */
    TOO_MANY_CONNECTIONS,
    /** Something failed on the server; the details are in the logs. */
    INTERNAL
}
