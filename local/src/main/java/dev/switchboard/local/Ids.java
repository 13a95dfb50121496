package dev.switchboard.local;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Ids in API Gateway's observed format: 16 characters, URL-safe base64 of 11 bytes plus one {@code =}
 * (e.g. {@code etAB-deZIAMCK2g=}). Byte 8 is {@code 0x02} in connection and message ids and {@code 0x04} in request
 * ids; a message id shares its last 3 bytes with its connection id, as captures show.
 */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String connectionId() {
        byte[] b = random();
        b[8] = 0x02;
        return encode(b);
    }

    static String requestId() {
        byte[] b = random();
        b[8] = 0x04;
        return encode(b);
    }

    static String messageId(String connectionId) {
        byte[] b = random();
        b[8] = 0x02;
        byte[] c = Base64.getUrlDecoder().decode(connectionId);
        System.arraycopy(c, 8, b, 8, 3);
        return encode(b);
    }

    /** Whether {@code id} has the shape of a connection id (16 characters, URL-safe base64 ending in '='). */
    static boolean wellFormed(String id) {
        return id != null && id.length() == 16 && id.matches("[A-Za-z0-9_-]{15}=");
    }

    private static byte[] random() {
        byte[] b = new byte[11];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String encode(byte[] b) {
        return Base64.getUrlEncoder().encodeToString(b);
    }
}
