package dev.switchboard.lambdas.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.blueprint.TokenRules;

/**
 * The strict pre-parse of a compact JWS, run before any signature check and before any library sees the token; the
 * Worker's {@code cloudflare/src/worker/jwtsyntax.mjs} is the same procedure, step for step, and the differential test
 * ({@code cloudflare/src/test/resources/tokens/corpus.json}) holds them to one decision per token.
 *
 * <p>In this order (the first failing step decides):
 * <ol>
 *   <li>more than {@code maxTokenBytes} characters: {@link Reason#TOKEN_TOO_LARGE}; a character other than
 *       {@code A-Z a-z 0-9 - _ .}: {@link Reason#MALFORMED} (so characters and UTF-8 bytes are the same count);</li>
 *   <li>not 3 (JWS) or 5 (JWE) parts, a header that is not canonical base64url ({@link Base64Url}) of strict UTF-8
 *       (invalid bytes are refused, never replaced) of a JSON object without duplicate names ({@link StrictJson}):
 *       {@link Reason#MALFORMED}; 5 parts: {@link Reason#ALG_NOT_ALLOWED} when the header has {@code enc}, else
 *       {@link Reason#MALFORMED};</li>
 *   <li>{@code alg} missing or not a string, {@code kid}, {@code typ}, {@code x5t} or {@code x5t#S256} present and not a
 *       string, or {@code enc} present: {@link Reason#MALFORMED};</li>
 *   <li>{@code alg} exactly {@code none}: {@link Reason#ALG_NONE}; not one of the accepted algorithms:
 *       {@link Reason#ALG_NOT_ALLOWED};</li>
 *   <li>any of {@link #REFUSED_HEADERS} present, whatever its value: {@link Reason#HEADER_NOT_ALLOWED} (keys come
 *       only from the configuration, no extension is understood, and nested tokens are not accepted);</li>
 *   <li>{@code typ} other than {@code JWT}, {@code at+jwt} or {@code application/at+jwt} (ASCII case-insensitive):
 *       {@link Reason#TYPE_NOT_ALLOWED}; an RS256/ES256 token without a non-empty {@code kid}:
 *       {@link Reason#MISSING_KID};</li>
 *   <li>a payload that is not canonical base64url of strict UTF-8 of a JSON object without duplicate names;
 *       {@code exp}, {@code nbf} or {@code iat} present and not a number from 0 to
 *       {@link TokenRules#LATEST_TIME_SECONDS}; {@code aud} present and neither a string nor an array of strings; a
 *       signature that is empty or not canonical base64url: {@link Reason#MALFORMED}.</li>
 * </ol>
 */
final class JwtSyntax {
    /** Header parameters refused whatever their value. */
    static final List<String> REFUSED_HEADERS = List.of("crit", "jku", "jwk", "x5u", "x5c", "b64", "cty", "zip");
    /** Header parameters that must be strings when present. */
    static final List<String> STRING_HEADERS = List.of("alg", "kid", "typ", "x5t", "x5t#S256");
    static final List<String> ACCEPTED_TYPES = List.of("jwt", "at+jwt", "application/at+jwt");
    static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");

    /** A token that passed the pre-parse: its header and claims as {@link StrictJson} read them. */
    record Parsed(Map<String, Object> header, Map<String, Object> claims, String alg, String kid) {
    }

    /** The pre-parse refused the token; the header's {@code alg} and {@code kid} when they were read (for logs). */
    static final class Refused extends Exception {
        final Reason reason;
        final String alg;
        final String kid;

        Refused(Reason reason, String alg, String kid) {
            super(reason.name(), null, false, false);
            this.reason = reason;
            this.alg = alg;
            this.kid = kid;
        }
    }

    private JwtSyntax() {
    }

    /**
     * @param token      a non-empty token
     * @param maxChars   the longest token accepted (the blueprint's {@code limits.maxTokenBytes})
     * @param algorithms the accepted {@code alg} values; {@code kid} is required for all but HS256
     */
    static Parsed parse(String token, int maxChars, Set<String> algorithms) throws Refused {
        if (token.length() > maxChars) {
            throw new Refused(Reason.TOKEN_TOO_LARGE, null, null);
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                throw new Refused(Reason.MALFORMED, null, null);
            }
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 && parts.length != 5) {
            throw new Refused(Reason.MALFORMED, null, null);
        }
        Map<String, Object> header = jsonObject(parts[0], null, null);
        String alg = header.get("alg") instanceof String s ? s : null;
        String kid = header.get("kid") instanceof String s ? s : null;
        if (parts.length == 5) {
            throw new Refused(header.containsKey("enc") ? Reason.ALG_NOT_ALLOWED : Reason.MALFORMED, alg, kid);
        }
        if (alg == null || header.containsKey("enc")
                || STRING_HEADERS.stream().anyMatch(h -> header.containsKey(h) && !(header.get(h) instanceof String))) {
            throw new Refused(Reason.MALFORMED, alg, kid);
        }
        if (alg.equals("none")) {
            throw new Refused(Reason.ALG_NONE, alg, kid);
        }
        if (!algorithms.contains(alg)) {
            throw new Refused(Reason.ALG_NOT_ALLOWED, alg, kid);
        }
        if (REFUSED_HEADERS.stream().anyMatch(header::containsKey)) {
            throw new Refused(Reason.HEADER_NOT_ALLOWED, alg, kid);
        }
        if (header.get("typ") instanceof String typ && !ACCEPTED_TYPES.contains(asciiLowerCase(typ))) {
            throw new Refused(Reason.TYPE_NOT_ALLOWED, alg, kid);
        }
        if (!alg.equals("HS256") && (kid == null || kid.isEmpty())) {
            throw new Refused(Reason.MISSING_KID, alg, kid);
        }
        Map<String, Object> claims = jsonObject(parts[1], alg, kid);
        for (String name : TIME_CLAIMS) {
            if (claims.containsKey(name) && !(claims.get(name) instanceof Double d
                    && d >= 0 && d <= TokenRules.LATEST_TIME_SECONDS)) {
                throw new Refused(Reason.MALFORMED, alg, kid);
            }
        }
        if (claims.containsKey("aud") && !(claims.get("aud") instanceof String
                || claims.get("aud") instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
            throw new Refused(Reason.MALFORMED, alg, kid);
        }
        try {
            if (Base64Url.decode(parts[2]).length == 0) {
                throw new Refused(Reason.MALFORMED, alg, kid);
            }
        } catch (IllegalArgumentException e) {
            throw new Refused(Reason.MALFORMED, alg, kid);
        }
        return new Parsed(header, claims, alg, kid);
    }

    private static Map<String, Object> jsonObject(String part, String alg, String kid) throws Refused {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64Url.decode(part)))
                    .toString();
            return StrictJson.object(text);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new Refused(Reason.MALFORMED, alg, kid);
        }
    }

    /** Lower case of A-Z only: {@code String.toLowerCase} and {@code equalsIgnoreCase} fold more (U+0131, U+212A). */
    static String asciiLowerCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }
}
