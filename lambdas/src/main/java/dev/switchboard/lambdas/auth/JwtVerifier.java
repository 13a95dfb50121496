package dev.switchboard.lambdas.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.blueprint.TokenRules;
import dev.switchboard.blueprint.UserIds;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact JWS tokens: the strict pre-parse ({@link JwtSyntax}), then the signature with nimbus-jose-jwt, then
 * the claims.
 *
 * <p>Accepted algorithms: HS256 with the shared secret (when one is configured) and RS256/ES256 with the keys of a JWKS
 * (when one is configured). Each family has its own key source: an HS256 token is only ever checked against the shared
 * secret and never against a JWKS key, and RS256/ES256 tokens only against JWKS keys of the matching type and curve, so
 * algorithm confusion cannot pick a key. RS256/ES256 tokens must name their key ({@code kid}).
 *
 * <p>The claims are judged on the values the pre-parse read (never on a library's coercion of them), once the
 * signature verified, in this order: {@code exp} required and not past, {@code nbf} and {@code iat} not in the future
 * (each with {@link TokenRules#CLOCK_SKEW} of tolerance), a lifetime of at most {@link TokenRules#MAX_LIFETIME},
 * {@code iss} equal to the configured issuer, {@code aud} equal to or containing the configured audience, {@code sub} a
 * valid user id ({@link UserIds}). The Worker's {@code cloudflare/src/worker/jwt.mjs} makes the same decisions.
 */
public final class JwtVerifier implements TokenVerifier {
    /** Largest token accepted when none is configured (the blueprint's default {@code limits.maxTokenBytes}). */
    public static final int DEFAULT_MAX_TOKEN_BYTES = Limits.defaults().maxTokenBytes();
    /** Shortest HS256 secret accepted, in bytes (RFC 7518 section 3.2: at least the hash size). */
    public static final int MIN_SECRET_BYTES = 32;
    /** JWKS fetch: connect timeout, read timeout and largest accepted document. */
    public static final Duration JWKS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration JWKS_READ_TIMEOUT = Duration.ofSeconds(2);
    public static final int JWKS_MAX_BYTES = 64 * 1024;
    /** JWKS cache lifetime, and the least time between two fetches (an unknown {@code kid} triggers a re-fetch). */
    public static final Duration JWKS_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

    private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final SecretValues hmacSecrets;
    private final int maxTokenBytes;
    private List<String> keyedValues;
    private List<SecretKeySpec> hmacKeys;
    private final JWSKeySelector<SecurityContext> jwksKeys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final Set<String> algorithms;
    private final DefaultJWSVerifierFactory verifierFactory = new DefaultJWSVerifierFactory();

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
        Set<String> algs = new HashSet<>();
        if (hmacSecrets != null) {
            algs.add(JWSAlgorithm.HS256.getName());
        }
        if (jwks != null) {
            JWKS_ALGORITHMS.forEach(a -> algs.add(a.getName()));
        }
        this.algorithms = Set.copyOf(algs);
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
        JwtSyntax.Parsed parsed;
        try {
            parsed = JwtSyntax.parse(token, maxTokenBytes, algorithms);
        } catch (JwtSyntax.Refused r) {
            return Verdict.deny(r.reason, r.alg, r.kid);
        }
        String alg = parsed.alg();
        String kid = parsed.kid();
        try {
            JWSObject jws = JWSObject.parse(token);
            if (!verifies(jws)) {
                return Verdict.deny(Reason.BAD_SIGNATURE, alg, kid);
            }
        } catch (ParseException e) {
            return Verdict.deny(Reason.MALFORMED, alg, kid);
        } catch (VerifierUnavailableException e) {
            throw e;
        } catch (NoMatchingKey e) {
            return Verdict.deny(Reason.UNKNOWN_KEY, alg, kid);
        } catch (RateLimitReachedException e) {
            // the kid is not in the cached JWKS and nimbus refuses another re-fetch so soon: the JWKS was fetched
            // (and is cached) moments ago, so the key is unknown, not the JWKS unavailable
            return Verdict.deny(Reason.UNKNOWN_KEY, alg, kid);
        } catch (KeySourceException e) {
            throw new VerifierUnavailableException("the JWKS could not be fetched", e);
        } catch (JOSEException | RuntimeException e) {
            // e.g. a signature of the wrong length or encoding for the algorithm
            return Verdict.deny(Reason.BAD_SIGNATURE, alg, kid);
        }
        Reason problem = claimProblem(parsed.claims(), clock.millis() / 1000.0);
        return problem == null ? Verdict.allow((String) parsed.claims().get("sub"), alg, kid)
                : Verdict.deny(problem, alg, kid);
    }

    private boolean verifies(JWSObject jws) throws JOSEException {
        for (Key key : selectKeys(jws.getHeader(), null)) {
            if (jws.verify(verifierFactory.createJWSVerifier(jws.getHeader(), key))) {
                return true;
            }
        }
        return false;
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

    /** The reason the claims (as the pre-parse typed them) are refused at {@code now} (seconds), or null. */
    private Reason claimProblem(Map<String, Object> claims, double now) {
        double skew = TokenRules.CLOCK_SKEW.toSeconds();
        if (!(claims.get("exp") instanceof Double exp)) {
            return Reason.MISSING_EXPIRY;
        }
        if (now > exp + skew) {
            return Reason.EXPIRED;
        }
        if (claims.get("nbf") instanceof Double nbf && now + skew < nbf) {
            return Reason.NOT_YET_VALID;
        }
        Double iat = (Double) claims.get("iat");
        if (iat != null && now + skew < iat) {
            return Reason.ISSUED_IN_FUTURE;
        }
        if (exp - (iat != null ? iat : now) > TokenRules.MAX_LIFETIME.toSeconds()) {
            return Reason.LIFETIME_TOO_LONG;
        }
        if (!issuer.equals(claims.get("iss"))) {
            return Reason.WRONG_ISSUER;
        }
        Object aud = claims.get("aud");
        if (!(audience.equals(aud) || aud instanceof List<?> list && list.contains(audience))) {
            return Reason.WRONG_AUDIENCE;
        }
        if (!(claims.get("sub") instanceof String sub)) {
            return Reason.MISSING_SUBJECT;
        }
        UserIds.Problem p = UserIds.problem(sub);
        if (p == null) {
            return null;
        }
        return switch (p) {
            case EMPTY -> Reason.MISSING_SUBJECT;
            case TOO_LONG -> Reason.SUBJECT_TOO_LONG;
            case FORBIDDEN_CHARACTER, EDGE_WHITESPACE -> Reason.INVALID_SUBJECT;
        };
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** No configured key matches the header; distinguished from a JWKS outage. */
    private static final class NoMatchingKey extends KeySourceException {
        NoMatchingKey() {
            super("no matching key");
        }
    }
}
