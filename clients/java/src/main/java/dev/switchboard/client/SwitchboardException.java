package dev.switchboard.client;

/**
 * What a request fails with, and what {@link ClientListener#onError} reports: {@code code} is one of the protocol's
 * codes (docs/protocol.md: NOT_A_MEMBER, RATE_LIMITED, TOO_LARGE, MISSING_FIELD, INTERNAL, ...) or the client's own
 * ({@link #BAD_ARGUMENT}, {@link #TIMEOUT}, {@link #CONNECTION_LOST}, {@link #QUEUE_FULL}, {@link #CLOSED},
 * {@link #CONNECT_FAILED}), the same as the JavaScript client's.
 */
public final class SwitchboardException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** An argument the protocol would refuse; nothing was sent. */
    public static final String BAD_ARGUMENT = "BAD_ARGUMENT";
    /** No answer within the request timeout; the client replaced the socket. */
    public static final String TIMEOUT = "TIMEOUT";
    /** Written, but the socket closed before the answer: it may or may not have arrived. */
    public static final String CONNECTION_LOST = "CONNECTION_LOST";
    /** {@code maxQueued} frames were already waiting; this one was not queued. */
    public static final String QUEUE_FULL = "QUEUE_FULL";
    /** The client is closed (by {@code close()} or because it gave up); never written. */
    public static final String CLOSED = "CLOSED";
    /** No connection within the reconnect policy's attempts; {@link #status()} is the server's last answer. */
    public static final String CONNECT_FAILED = "CONNECT_FAILED";

    private final String code;
    private final String action;
    private final String cid;
    private final Integer status;

    public SwitchboardException(String code, String message, String action, String cid, Integer status) {
        super(message);
        this.code = code;
        this.action = action;
        this.cid = cid;
        this.status = status;
    }

    public String code() {
        return code;
    }

    /** The action of the request it answers, or null. */
    public String action() {
        return action;
    }

    /** The cid of the send or whisper it answers (re-send with it: receivers can drop duplicates), or null. */
    public String cid() {
        return cid;
    }

    /** The HTTP status of the last refused handshake, or null. */
    public Integer status() {
        return status;
    }
}
