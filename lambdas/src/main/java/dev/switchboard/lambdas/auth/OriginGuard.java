package dev.switchboard.lambdas.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Requires a secret origin header (added by the CloudFront distribution in front of the API) so that clients cannot
 * bypass the edge protection by connecting to the API's own endpoint. The header name matches case-insensitively; the
 * value is compared in constant time (both sides are hashed to SHA-256 first, so not even the length leaks) with every
 * accepted value (see {@link SecretValues}: the current one and, during a rotation, the previous one).
 */
public final class OriginGuard {
    private static final OriginGuard DISABLED = new OriginGuard(null, null);

    private final String headerName;
    private final SecretValues accepted;
    private List<String> digestedValues;
    private List<byte[]> digests;

    private OriginGuard(String headerName, SecretValues accepted) {
        this.headerName = headerName;
        this.accepted = accepted;
    }

    /** Accepts every request (no origin header configured). */
    public static OriginGuard disabled() {
        return DISABLED;
    }

    /** Requires {@code headerName: secret} on every request. */
    public static OriginGuard requiring(String headerName, String secret) {
        if (headerName == null || headerName.isBlank()) {
            throw new IllegalArgumentException("the origin header name must not be blank");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the origin secret must not be empty");
        }
        return requiring(headerName, SecretValues.fixed(secret));
    }

    /** Requires {@code headerName} to carry one of the values {@code accepted} holds at the time of the request. */
    public static OriginGuard requiring(String headerName, SecretValues accepted) {
        if (headerName == null || headerName.isBlank()) {
            throw new IllegalArgumentException("the origin header name must not be blank");
        }
        return new OriginGuard(headerName, Objects.requireNonNull(accepted, "accepted"));
    }

    /** Whether a header is required at all. */
    public boolean enabled() {
        return headerName != null;
    }

    /**
     * @param headers the request's headers (any case; may be null)
     * @return {@link Reason#OK}, {@link Reason#ORIGIN_MISSING} or {@link Reason#ORIGIN_MISMATCH}
     * @throws VerifierUnavailableException when the origin secret has never been read
     */
    public Reason check(Map<String, String> headers) {
        if (headerName == null) {
            return Reason.OK;
        }
        String value = null;
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (headerName.equalsIgnoreCase(e.getKey())) {
                    value = e.getValue();
                    break;
                }
            }
        }
        if (value == null) {
            return Reason.ORIGIN_MISSING;
        }
        byte[] sent = sha256(value);
        boolean match = false;
        for (byte[] expected : digests()) {
            match |= MessageDigest.isEqual(expected, sent); // no early exit: every accepted value is compared
        }
        return match ? Reason.OK : Reason.ORIGIN_MISMATCH;
    }

    private synchronized List<byte[]> digests() {
        List<String> values = accepted.values();
        if (values != digestedValues) {
            digests = values.stream().map(OriginGuard::sha256).toList();
            digestedValues = values;
        }
        return digests;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Objects.requireNonNull(value).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
