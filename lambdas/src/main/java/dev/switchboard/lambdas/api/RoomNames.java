package dev.switchboard.lambdas.api;

import java.util.regex.Pattern;

/** Valid room names: 1 to 128 characters of letters, digits, {@code _ - . : @}. */
public final class RoomNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    private RoomNames() {
    }

    /** {@code room}, or MISSING_FIELD when it is not a valid name. */
    public static String require(String room) {
        if (room == null || !VALID.matcher(room).matches()) {
            throw ProtocolException.missing("room", "1-128 letters, digits or _ - . : @");
        }
        return room;
    }

    /** The frame's {@code room}, or MISSING_FIELD when it is absent, not a string or not a valid name. */
    public static String of(WebSocketRequest r) {
        return require(r.frame().path("room").isTextual() ? r.frame().get("room").asText() : null);
    }
}
