package dev.switchboard.azure.store;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code next} cursor of {@code joined} and {@code members} pages on Azure: {@code a.} and the URL-safe
 * base64 of a 16-byte HMAC-SHA256 tag and the last user id the page listed. The tag covers the room and the user id,
 * under a key only the server holds, so a cursor is valid only for the room it was issued for and only as issued
 * (docs/protocol.md: any other string answers MISSING_FIELD). The user id is not secret (the page itself lists it),
 * as on Cloudflare; no connection id is in it. The key is the table's own row {@code k|} / {@code cursor}, created
 * once with 32 random bytes, so every function instance reads the same one.
 */
public final class MemberCursors {
    private static final String VERSION = "a.";
    private static final int TAG_BYTES = 16;
    private static final int MAX_CHARS = 800;
    private final TableClient table;
    private volatile SecretKeySpec key;

    public MemberCursors(TableClient table) {
        this.table = table;
    }

    /** A cursor that resumes after {@code lastUser} in {@code room}. */
    public String seal(String room, String lastUser) {
        byte[] user = lastUser.getBytes(StandardCharsets.UTF_8);
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ByteBuffer.allocate(TAG_BYTES + user.length).put(tag(room, user)).put(user).array());
    }

    /** The user id a cursor of {@code room} resumes after, or null when the cursor is not one this server issued. */
    public String open(String room, String cursor) {
        if (cursor == null || cursor.length() > MAX_CHARS || !cursor.startsWith(VERSION)) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length <= TAG_BYTES) {
            return null;
        }
        byte[] user = Arrays.copyOfRange(raw, TAG_BYTES, raw.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(raw, TAG_BYTES), tag(room, user))) {
            return null;
        }
        return new String(user, StandardCharsets.UTF_8);
    }

    private byte[] tag(String room, byte[] user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            mac.update(room.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(user), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Tables.create(table, new TableEntity(StoreKeys.config(), "cursor").addProperty("key", fresh));
            byte[] stored = (byte[]) Tables.get(table, StoreKeys.config(), "cursor").orElseThrow().getProperty("key");
            k = new SecretKeySpec(stored, "HmacSHA256");
            key = k;
        }
        return k;
    }
}
