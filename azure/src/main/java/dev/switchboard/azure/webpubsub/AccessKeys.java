package dev.switchboard.azure.webpubsub;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The service's two access keys (primary and secondary, so a key can be rotated while the other stays valid): they
 * sign the event handler's {@code ce-signature} (one {@code sha256=} HMAC of the connection id per key,
 * reference-cloud-events "signature") and the HS256 tokens of the REST API and the client endpoint; either key is
 * accepted on a token.
 */
public record AccessKeys(String primary, String secondary) {
    public AccessKeys {
        if (primary == null || primary.isEmpty() || secondary == null || secondary.isEmpty()) {
            throw new IllegalArgumentException("access keys: both the primary and the secondary key must be non-empty");
        }
    }

    /** Two fresh random keys (32 bytes each, base64, as the portal shows them). */
    public static AccessKeys random() {
        SecureRandom r = new SecureRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        r.nextBytes(a);
        r.nextBytes(b);
        return new AccessKeys(Base64.getEncoder().encodeToString(a), Base64.getEncoder().encodeToString(b));
    }

    public List<String> both() {
        return List.of(primary, secondary);
    }

    /** {@code sha256=<hex>,sha256=<hex>}: HMAC-SHA256 of the connection id with each key, primary first. */
    public String signature(String connectionId) {
        return "sha256=" + HexFormat.of().formatHex(hmac(primary, connectionId))
                + ",sha256=" + HexFormat.of().formatHex(hmac(secondary, connectionId));
    }

    /** HMAC-SHA256 of {@code data} (UTF-8) keyed with the key's UTF-8 bytes, as the SDKs use the key string. */
    static byte[] hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
