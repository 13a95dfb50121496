package dev.switchboard.lambdas.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.blueprint.Limits;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact JWS tokens with nimbus-jose-jwt.
 *
 * <p>Accepted algorithms: HS256 with the shared secret (when one is configured) and RS256/ES256 with the keys of a JWKS
 * (when one is configured). Each family has its own key source: an HS256 token is only ever checked against the shared
 * secret and never against a JWKS key, and RS256/ES256 tokens only against JWKS keys of the matching type and curve, so
 * algorithm confusion cannot pick a key. RS256/ES256 tokens must name their key ({@code kid}).
 *
 * <p>Checks, in this order: size at most the configured number of bytes (UTF-8; default {@link #DEFAULT_MAX_TOKEN_BYTES},
 * the blueprint's {@code limits.maxTokenBytes}, which the edge web ACL lets through; checked before any parsing); a compact JWS
 * (not {@code alg: none}, not a JWE); an accepted algorithm; {@code typ} absent, {@code JWT} or {@code at+jwt}; the
 * signature; then the claims: {@code exp} required and not past, {@code nbf} and {@code iat} not in the future (each
 * with {@link #CLOCK_SKEW} of tolerance), {@code iss} equal to the configured issuer, {@code aud} containing the
 * configured audience, {@code sub} a non-blank string of at most {@value #MAX_SUBJECT_CHARS} characters. Claims are
 * judged only once the signature verified.
 */
public final class JwtVerifier implements TokenVerifier {
    /** Largest token accepted when none is configured (the blueprint's default {@code limits.maxTokenBytes}). */
    public static final int DEFAULT_MAX_TOKEN_BYTES = Limits.defaults().maxTokenBytes();
    /** Longest {@code sub} accepted (it becomes the user id in keys, frames and the 8 KB authorizer result). */
    public static final int MAX_SUBJECT_CHARS = 256;
    /** Shortest HS256 secret accepted, in bytes (RFC 7518 section 3.2: at least the hash size). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Tolerance for clock differences in {@code exp}, {@code nbf} and {@code iat}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** JWKS fetch: connect timeout, read timeout and largest accepted document. */
    public static final Duration JWKS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration JWKS_READ_TIMEOUT = Duration.ofSeconds(2);
    public static final int JWKS_MAX_BYTES = 64 * 1024;
    /** JWKS cache lifetime, and the least time between two fetches (an unknown {@code kid} triggers a re-fetch). */
    public static final Duration JWKS_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

    private static final List<String> ACCEPTED_TYPES = List.of("JWT", "at+jwt", "application/at+jwt");
    private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final SecretValues hmacSecrets;
    private final int maxTokenBytes;
    private List<String> keyedValues;
    private List<SecretKeySpec> hmacKeys;
    private final JWSKeySelector<SecurityContext> jwksKeys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param hmacSecret the HS256 secret (at least 32 bytes), or null to refuse HS256
     * @param jwks       the RS256/ES256 key source (see {@link #remoteJwks(URL)}), or null to refuse RS256/ES256
     * @param issuer     required {@code iss}
     * @param audience   required member of {@code aud}
     * @param clock      the time against which {@code exp}, {@code nbf} and {@code iat} are judged
     */
    public JwtVerifier(byte[] hmacSecret, JWKSource<SecurityContext> jwks, String issuer, String audience, Clock clock) {
        this(fixedSecret(hmacSecret, jwks), jwks, issuer, audience, clock, DEFAULT_MAX_TOKEN_BYTES);
    }

    /**
     * @param hmacSecrets the HS256 secrets in force (the current one first; during a rotation also the previous one),
     *                    each at least 32 bytes, or null to refuse HS256
     * @param jwks        the RS256/ES256 key source (see {@link #remoteJwks(URL)}), or null to refuse RS256/ES256
     * @param issuer      required {@code iss}
     * @param audience    required member of {@code aud}
     * @param clock       the time against which {@code exp}, {@code nbf} and {@code iat} are judged
     * @param maxTokenBytes largest token accepted, in UTF-8 bytes; larger ones are {@link Reason#TOKEN_TOO_LARGE}
     */
    public JwtVerifier(SecretValues hmacSecrets, JWKSource<SecurityContext> jwks, String issuer, String audience,
                       Clock clock, int maxTokenBytes) {
        if (hmacSecrets == null && jwks == null) {
            throw new IllegalArgumentException("configure an HS256 secret, a JWKS, or both");
        }
        if (maxTokenBytes < 1) {
            throw new IllegalArgumentException("maxTokenBytes must be positive, got " + maxTokenBytes);
        }
        this.maxTokenBytes = maxTokenBytes;
        this.hmacSecrets = hmacSecrets;
        this.jwksKeys = jwks == null ? null : new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, jwks);
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
        processor.setJWSTypeVerifier((type, context) -> { }); // checked before processing, case-insensitively
        processor.setJWSKeySelector(this::selectKeys);
        processor.setJWTClaimsSetVerifier((claims, context) -> checkClaims(claims));
    }

    /** The largest token accepted, in bytes. */
    public int maxTokenBytes() {
        return maxTokenBytes;
    }

    private static SecretValues fixedSecret(byte[] hmacSecret, JWKSource<SecurityContext> jwks) {
        if (hmacSecret == null) {
            return null;
        }
        if (hmacSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the HS256 secret has " + hmacSecret.length
                    + " bytes; use at least 32 (e.g. 'openssl rand -base64 48')");
        }
        return SecretValues.fixed(new String(hmacSecret, StandardCharsets.UTF_8));
    }

    /**
     * A cached, rate-limited remote JWKS with explicit timeouts: fetched on first use, kept {@link #JWKS_CACHE_TTL},
     * re-fetched at most twice per {@link #JWKS_MIN_REFETCH_INTERVAL} (a token with an unknown {@code kid} triggers
     * one; past the limit such a token is {@link Reason#UNKNOWN_KEY}, never "unavailable"), one retry on a network
     * error. Only a failed fetch makes {@link #verify} throw {@link VerifierUnavailableException}.
     */
    public static JWKSource<SecurityContext> remoteJwks(URL url) {
        var retriever = new DefaultResourceRetriever((int) JWKS_CONNECT_TIMEOUT.toMillis(),
                (int) JWKS_READ_TIMEOUT.toMillis(), JWKS_MAX_BYTES);
        return JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(JWKS_CACHE_TTL.toMillis(), JWKS_CONNECT_TIMEOUT.plus(JWKS_READ_TIMEOUT).toMillis())
                .rateLimited(JWKS_MIN_REFETCH_INTERVAL.toMillis())
                .retrying(true)
                .build();
    }

    @Override
    public Verdict verify(String token) {
        if (token == null || token.isEmpty()) {
            return Verdict.deny(Reason.MISSING_TOKEN);
        }
        // a char is at least one UTF-8 byte: only a token short enough in chars is measured in bytes
        if (token.length() > maxTokenBytes || token.getBytes(StandardCharsets.UTF_8).length > maxTokenBytes) {
            return Verdict.deny(Reason.TOKEN_TOO_LARGE);
        }
        long dots = token.chars().filter(c -> c == '.').count();
        if (dots != 2 && dots != 4) { // a JWS has 3 parts, a JWE 5
            return Verdict.deny(Reason.MALFORMED);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            return Verdict.deny(Reason.MALFORMED);
        }
        if (jwt instanceof PlainJWT) {
            return Verdict.deny(Reason.ALG_NONE);
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            return Verdict.deny(Reason.ALG_NOT_ALLOWED);
        }
        JWSHeader header = signed.getHeader();
        String alg = header.getAlgorithm().getName();
        String kid = header.getKeyID();
        boolean hmac = JWSAlgorithm.HS256.equals(header.getAlgorithm());
        if (hmac ? hmacSecrets == null : !(JWKS_ALGORITHMS.contains(header.getAlgorithm()) && jwksKeys != null)) {
            return Verdict.deny(Reason.ALG_NOT_ALLOWED, alg, kid);
        }
        JOSEObjectType typ = header.getType();
        if (typ != null && ACCEPTED_TYPES.stream().noneMatch(t -> t.equalsIgnoreCase(typ.getType()))) {
            return Verdict.deny(Reason.TYPE_NOT_ALLOWED, alg, kid);
        }
        if (!hmac && (kid == null || kid.isBlank())) {
            return Verdict.deny(Reason.MISSING_KID, alg, kid);
        }
        try {
            signed.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return Verdict.deny(Reason.MALFORMED, alg, kid);
        }
        try {
            JWTClaimsSet claims = processor.process(signed, null);
            // the claims set coerces a numeric sub to a string; RFC 7519 requires a string, so look at the payload
            if (!(signed.getPayload().toJSONObject().get("sub") instanceof String)) {
                return Verdict.deny(Reason.MISSING_SUBJECT, alg, kid);
            }
            return Verdict.allow(claims.getSubject(), alg, kid);
        } catch (VerifierUnavailableException e) {
            throw e;
        } catch (ClaimRejected e) {
            return Verdict.deny(e.reason, alg, kid);
        } catch (NoMatchingKey e) {
            return Verdict.deny(Reason.UNKNOWN_KEY, alg, kid);
        } catch (RateLimitReachedException e) {
            // the kid is not in the cached JWKS and nimbus refuses another re-fetch so soon: the JWKS was fetched
            // (and is cached) moments ago, so the key is unknown, not the JWKS unavailable
            return Verdict.deny(Reason.UNKNOWN_KEY, alg, kid);
        } catch (KeySourceException e) {
            throw new VerifierUnavailableException("the JWKS could not be fetched", e);
        } catch (BadJWSException e) {
            return Verdict.deny(Reason.BAD_SIGNATURE, alg, kid);
        } catch (BadJOSEException e) {
            return Verdict.deny(Reason.REJECTED, alg, kid);
        } catch (JOSEException e) {
            // e.g. a signature of the wrong length or encoding for the algorithm
            return Verdict.deny(Reason.BAD_SIGNATURE, alg, kid);
        } catch (RuntimeException e) {
            return Verdict.deny(Reason.REJECTED, alg, kid);
        }
    }

    private List<? extends Key> selectKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        List<? extends Key> keys;
        if (JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            // the shared secrets are the only HS256 keys: a kid on an HS256 token neither selects nor excludes one
            keys = hmacSecrets == null ? List.of() : hmacKeys();
        } else {
            keys = jwksKeys == null ? List.of() : jwksKeys.selectJWSKeys(header, context);
        }
        if (JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            // the JWK matcher selects EC keys of any curve; ES256 is P-256 only
            keys = keys.stream()
                    .filter(k -> k instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams())))
                    .toList();
        }
        if (keys.isEmpty()) {
            throw new NoMatchingKey();
        }
        return keys;
    }

    private synchronized List<SecretKeySpec> hmacKeys() {
        List<String> values = hmacSecrets.values();
        if (values != keyedValues) {
            hmacKeys = values.stream()
                    .map(v -> new SecretKeySpec(v.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .toList();
            keyedValues = values;
        }
        return hmacKeys;
    }

    private void checkClaims(JWTClaimsSet claims) throws ClaimRejected {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new ClaimRejected(Reason.MISSING_EXPIRY);
        }
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new ClaimRejected(Reason.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new ClaimRejected(Reason.NOT_YET_VALID);
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(CLOCK_SKEW).isBefore(iat.toInstant())) {
            throw new ClaimRejected(Reason.ISSUED_IN_FUTURE);
        }
        if (!issuer.equals(claims.getClaim("iss"))) {
            throw new ClaimRejected(Reason.WRONG_ISSUER);
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new ClaimRejected(Reason.WRONG_AUDIENCE);
        }
        if (!(claims.getClaim("sub") instanceof String sub) || sub.isBlank()) {
            throw new ClaimRejected(Reason.MISSING_SUBJECT);
        }
        if (sub.length() > MAX_SUBJECT_CHARS) {
            throw new ClaimRejected(Reason.SUBJECT_TOO_LONG);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** A claim check failed; carries the stable reason. */
    private static final class ClaimRejected extends BadJWTException {
        private final Reason reason;

        ClaimRejected(Reason reason) {
            super(reason.name());
            this.reason = reason;
        }
    }

    /** No configured key matches the header; distinguished from a JWKS outage. */
    private static final class NoMatchingKey extends KeySourceException {
        NoMatchingKey() {
            super("no matching key");
        }
    }
}
