package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The HS256 JSON Web Tokens the service issues and accepts (reference-rest-api-data-plane "Authenticate via
 * AccessKey": {@code aud} and {@code exp} required; the client endpoint's tokens carry {@code sub}, {@code role} and
 * {@code webpubsub.group}). A token is valid when its signature matches either access key and it has not expired.
 */
final class Jwt {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {
    }

    /** Why a token was refused, worded for the 401 body and the log. */
    static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    static String sign(ObjectNode claims, String key) {
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String input = header + "." + body;
        return input + "." + B64.encodeToString(AccessKeys.hmac(key, input));
    }

    /** The claims of a token signed with either key and not expired at {@code now}. */
    static JsonNode verify(String token, AccessKeys keys, Instant now) throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("the token is not a JWT (three dot-separated parts)");
        }
        JsonNode header = decode(parts[0]);
        if (!"HS256".equals(header.path("alg").asText())) {
            throw new InvalidTokenException("the token's alg is '" + header.path("alg").asText() + "', not HS256");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token's signature is not base64url");
        }
        String input = parts[0] + "." + parts[1];
        boolean signed = false;
        for (String key : keys.both()) {
            signed |= MessageDigest.isEqual(AccessKeys.hmac(key, input), signature);
        }
        if (!signed) {
            throw new InvalidTokenException("the token's signature matches neither access key");
        }
        JsonNode claims = decode(parts[1]);
        if (!claims.path("exp").canConvertToLong()) {
            throw new InvalidTokenException("the token has no exp claim");
        }
        Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!exp.isAfter(now)) {
            throw new InvalidTokenException("the token expired at " + exp);
        }
        Instant nbf = Instant.ofEpochSecond(claims.path("nbf").asLong());
        if (claims.has("nbf") && nbf.isAfter(now.plusSeconds(300))) {
            throw new InvalidTokenException("the token is not valid before " + nbf);
        }
        return claims;
    }

    private static JsonNode decode(String part) throws InvalidTokenException {
        try {
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (n == null || !n.isObject()) {
                throw new InvalidTokenException("a token part is not a JSON object");
            }
            return n;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTokenException("a token part is not base64url JSON");
        }
    }
}
