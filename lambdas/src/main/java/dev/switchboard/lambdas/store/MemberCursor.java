package dev.switchboard.lambdas.store;

import dev.switchboard.lambdas.api.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code next} cursor of {@code joined} and {@code members} pages: {@code 1.} and the URL-safe base64 of
 * {@code <room>/<last connection id the page read>} (room names cannot contain {@code /}). Only the server builds and
 * reads it; clients pass it back unchanged.
 */
final class MemberCursor {
    private static final String VERSION = "1.";

    private MemberCursor() {
    }

    static String encode(String room, String lastConnectionId) {
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((room + "/" + lastConnectionId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The connection id a cursor of {@code room} continues after.
     *
     * @throws ProtocolException MISSING_FIELD when {@code cursor} is not a cursor this server issued for {@code room}
     */
    static String decode(String room, String cursor) {
        if (cursor != null && cursor.startsWith(VERSION) && cursor.length() <= 400) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(cursor.substring(VERSION.length())),
                        StandardCharsets.UTF_8);
                int slash = s.indexOf('/');
                if (slash > 0 && s.substring(0, slash).equals(room) && s.length() > slash + 1) {
                    return s.substring(slash + 1);
                }
            } catch (IllegalArgumentException notBase64) {
                // answered below
            }
        }
        throw ProtocolException.missing("cursor", "the 'next' of a joined or members reply of room '" + room + "'");
    }
}
