package dev.switchboard.azure.function;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code ce-signature}: the service signs every event with each access key, {@code sha256=<hex>} of
 * HMAC-SHA256(key, connectionId), comma-separated (MicrosoftDocs/azure-docs
 * articles/azure-web-pubsub/reference-cloud-events.md, attribute {@code signature}: "The service calculates the value
 * using both primary access key and secondary access key as the HMAC key: Hex_encoded(HMAC_SHA256(accessKey,
 * connectionId))"). An event verifies when any of its signatures matches any configured key, so either key may be
 * rotated while the other signs.
 *
 * <p>What it proves, and what not: the signature covers only the connection id, so it shows the event came from a
 * holder of a key for that connection; it does not cover the body or the other headers. The handler therefore takes the
 * user id from its own connection record, never from {@code ce-userId} (docs/azure.md).
 */
public final class EventSignature {
    private static final String PREFIX = "sha256=";
    private final List<SecretKeySpec> keys;

    /** @param accessKeys the hub's access keys (primary first); at least one */
    public EventSignature(List<String> accessKeys) {
        if (accessKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one access key is needed to check event signatures");
        }
        this.keys = accessKeys.stream()
                .map(k -> new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList();
    }

    /** Whether {@code header} (the {@code ce-signature} value) holds a valid signature of {@code connectionId}. */
    public boolean verifies(String connectionId, String header) {
        if (connectionId == null || header == null || header.isBlank()) {
            return false;
        }
        boolean ok = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = PREFIX.concat(hmacHex(key, connectionId)).getBytes(StandardCharsets.US_ASCII);
            for (String part : header.split(",")) {
                byte[] given = part.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
                ok |= MessageDigest.isEqual(expected, given);
            }
        }
        return ok;
    }

    /** The {@code ce-signature} value the service would send for {@code connectionId} with these keys. */
    public static String sign(String connectionId, List<String> accessKeys) {
        StringBuilder b = new StringBuilder();
        for (String k : accessKeys) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(PREFIX).append(hmacHex(new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                    connectionId));
        }
        return b.toString();
    }

    private static String hmacHex(SecretKeySpec key, String connectionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(connectionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
