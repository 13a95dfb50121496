package dev.switchboard.blueprint;

/**
 * The {@code $connect} handshake's query string as the edge sees it: {@code token=<JWT>} (at most
 * {@link Limits#maxTokenBytes()}) and an optional {@code room=<name>}. The edge web ACL and the authorizer agree on the
 * largest handshake through {@link #maxQueryStringBytes(Limits)}: a token the authorizer accepts is never blocked by
 * size at the edge.
 */
public final class Handshake {
    /** Longest room name (RoomNames in the handlers: 1 to 128 of letters, digits, {@code _ - . : @}). */
    public static final int ROOM_MAX_CHARS = 128;
    /** Room-name characters a client may percent-encode ({@code :} and {@code @}) take three bytes each. */
    public static final int ROOM_MAX_BYTES = 3 * ROOM_MAX_CHARS;
    /** Room for parameters a client library adds (cache busters, versions) beyond token and room. */
    public static final int OTHER_PARAMETERS_BYTES = 128;

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
}
