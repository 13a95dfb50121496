package dev.switchboard.blueprint;

/**
 * The {@code $connect} handshake as the edge sees it. The token rides in one of two transports (docs/protocol.md):
 * the query string ({@code token=<JWT>}, with an optional {@code room=<name>}) or the {@code Sec-WebSocket-Protocol}
 * header ({@value #SUBPROTOCOL}{@code , }{@value #BEARER_PREFIX}{@code <JWT>}), at most
 * {@link Limits#maxTokenBytes()} either way. The edge web ACL and the authorizer agree on the largest handshake
 * through {@link #maxQueryStringBytes(Limits)} and {@link #maxProtocolHeaderBytes(Limits)}: a token the authorizer
 * accepts is never blocked by size at the edge.
 */
public final class Handshake {
    /** Longest room name (RoomNames in the handlers: 1 to 128 of letters, digits, {@code _ - . : @}). */
    public static final int ROOM_MAX_CHARS = 128;
    /** Room-name characters a client may percent-encode ({@code :} and {@code @}) take three bytes each. */
    public static final int ROOM_MAX_BYTES = 3 * ROOM_MAX_CHARS;
    /** Room for parameters a client library adds (cache busters, versions) beyond token and room. */
    public static final int OTHER_PARAMETERS_BYTES = 128;

    /** The subprotocol a client offers, and the server answers, with the header transport. */
    public static final String SUBPROTOCOL = "switchboard.v2";
    /** Prefix of the subprotocol offer that carries the token ({@code bearer.<JWT>}); never echoed back. */
    public static final String BEARER_PREFIX = "bearer.";
    /** The handshake header both the client's offer and the server's answer travel in. */
    public static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    /** Room for subprotocols a client library offers beside Switchboard's (their names and separators). */
    public static final int OTHER_PROTOCOLS_BYTES = 128;

    private Handshake() {
    }

    /**
     * Largest query string of a valid handshake: {@code token=} + the largest token + {@code &room=} + the longest
     * encoded room name + {@link #OTHER_PARAMETERS_BYTES}.
     */
    public static int maxQueryStringBytes(Limits limits) {
        return "token=".length() + limits.maxTokenBytes() + "&room=".length() + ROOM_MAX_BYTES
                + OTHER_PARAMETERS_BYTES;
    }

    /**
     * Largest {@code Sec-WebSocket-Protocol} value of a valid handshake: {@value #SUBPROTOCOL}, {@code ", "},
     * {@value #BEARER_PREFIX} and the largest token, plus {@link #OTHER_PROTOCOLS_BYTES}.
     */
    public static int maxProtocolHeaderBytes(Limits limits) {
        return SUBPROTOCOL.length() + ", ".length() + BEARER_PREFIX.length() + limits.maxTokenBytes()
                + OTHER_PROTOCOLS_BYTES;
    }
}
