package dev.switchboard.lambdas.store;

import dev.switchboard.lambdas.api.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The opaque {@code next} cursor of {@code joined} and {@code members} pages: {@code 2.} and the URL-safe base64 of a
 * 12-byte random nonce and the AES-256-GCM encryption of the last connection id the page read, with the room name as
 * associated data. Only the server builds and reads it; clients pass it back unchanged. The connection id is sealed:
 * issue 27 found that v1's cursor ({@code 1.} + base64 of room and connection id) handed every member the connection
 * ids of others, which address {@code @connections}. The key is the table's own ({@link ConnectionRepository#cursorKey},
 * docs/data-model.md), so every handler instance and region reads the same one.
 */
final class MemberCursor {
    private static final String VERSION = "2.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_CHARS = 400;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<SecretKey> key;
    private volatile SecretKey cached;

    /** @param key read once, when a cursor is first made or read */
    MemberCursor(Supplier<SecretKey> key) {
        this.key = key;
    }

    private SecretKey key() {
        SecretKey k = cached;
        if (k == null) {
            k = key.get();
            cached = k;
        }
        return k;
    }

    String encode(String room, String lastConnectionId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(room.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(lastConnectionId.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a member cursor", e);
        }
    }

    /**
     * The connection id a cursor of {@code room} continues after.
     *
     * @throws ProtocolException MISSING_FIELD when {@code cursor} is not a cursor this server issued for {@code room}
     */
    String decode(String room, String cursor) {
        if (cursor != null && cursor.startsWith(VERSION) && cursor.length() <= MAX_CHARS) {
            try {
                byte[] all = Base64.getUrlDecoder().decode(cursor.substring(VERSION.length()));
                if (all.length > NONCE_BYTES + TAG_BITS / 8) {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
                    c.updateAAD(room.getBytes(StandardCharsets.UTF_8));
                    String id = new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
                    if (!id.isEmpty()) {
                        return id;
                    }
                }
            } catch (IllegalArgumentException | GeneralSecurityException notOurs) {
                // answered below: not base64, or not sealed with this table's key for this room
            }
        }
        throw ProtocolException.missing("cursor", "the 'next' of a joined or members reply of room '" + room + "'");
    }
}
