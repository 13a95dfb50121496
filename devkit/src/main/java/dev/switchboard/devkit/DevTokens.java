package dev.switchboard.devkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.blueprint.TokenRules;
import dev.switchboard.blueprint.UserIds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Mints HS256 JWTs that the {@code $connect} authorizer accepts, for the local API ({@code ./switchboard token --user
 * alice}) and for tests.
 *
 * <p>A token carries {@code sub} = the user id, {@code iss}, {@code aud}, {@code iat} = {@code nbf} = now and
 * {@code exp} = now + ttl. Defaults: issuer {@value #DEFAULT_ISSUER}, audience {@value #DEFAULT_AUDIENCE}, ttl
 * {@link #DEFAULT_TTL} (1 hour), secret {@link #DEV_SECRET}. The authorizer must be configured with the same secret,
 * issuer and audience ({@code JWT_SECRET}, {@code JWT_ISSUER}, {@code JWT_AUDIENCE}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DevTokens {
    /**
     * The shared HS256 secret of the local API and the tests. DEV ONLY: it is public, in this source file, so anyone can
     * mint tokens with it. Never configure a deployed authorizer with it; in AWS the secret lives in Secrets Manager.
     */
    public static final String DEV_SECRET = "switchboard-DEV-ONLY-insecure-hs256-secret-do-not-deploy";
    /** Issuer ({@code iss}) of dev tokens. */
    public static final String DEFAULT_ISSUER = "switchboard-local";
    /** Audience ({@code aud}) of dev tokens. */
    public static final String DEFAULT_AUDIENCE = "switchboard";
    /** Lifetime of dev tokens: tokens travel in URLs (and so in access logs), so keep them short-lived. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** HS256 needs a key of at least 256 bits (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final byte[] secret;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param secret   HS256 secret, at least {@value #MIN_SECRET_BYTES} bytes in UTF-8
     * @param issuer   the {@code iss} claim
     * @param audience the {@code aud} claim
     * @param ttl      lifetime; positive
     * @param clock    source of {@code iat}/{@code nbf}/{@code exp}
     */
    public DevTokens(String secret, String issuer, String audience, Duration ttl, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the HS256 secret has " + this.secret.length + " bytes; use at least "
                    + MIN_SECRET_BYTES + " (e.g. 'openssl rand -base64 48')");
        }
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (ttl.compareTo(TokenRules.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("ttl " + ttl + " is longer than every verifier accepts (blueprint"
                    + " TokenRules.MAX_LIFETIME, " + TokenRules.MAX_LIFETIME.toHours() + " h): use a shorter ttl");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Dev tokens with every default: {@link #DEV_SECRET}, {@value #DEFAULT_ISSUER}, {@value #DEFAULT_AUDIENCE}, 1 hour. */
    public static DevTokens defaults() {
        return new DevTokens(DEV_SECRET, DEFAULT_ISSUER, DEFAULT_AUDIENCE, DEFAULT_TTL, Clock.systemUTC());
    }

    /** Shorthand for {@code defaults().token(userId)}. */
    public static String mint(String userId) {
        return defaults().token(userId);
    }

    /** The same settings with another lifetime. */
    public DevTokens withTtl(Duration newTtl) {
        return new DevTokens(new String(secret, StandardCharsets.UTF_8), issuer, audience, newTtl, clock);
    }

    /** The same settings with another clock (tests that need expired or not-yet-valid tokens). */
    public DevTokens withClock(Clock newClock) {
        return new DevTokens(new String(secret, StandardCharsets.UTF_8), issuer, audience, ttl, newClock);
    }

    /**
     * A compact HS256 JWS for {@code userId}; see the class Javadoc for the claims.
     *
     * @throws IllegalArgumentException if the user id is blank or not a valid user id ({@link UserIds})
     */
    public String token(String userId) {
        String sub = requireText(userId, "userId");
        if (!UserIds.isValid(sub)) {
            throw new IllegalArgumentException("userId '" + sub + "' is not a valid user id ("
                    + UserIds.problem(sub) + "; docs/tokens.md): every verifier would refuse the token");
        }
        Instant now = clock.instant();
        Date issuedAt = Date.from(now);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .issuer(issuer)
                .audience(audience)
                .issueTime(issuedAt)
                .notBeforeTime(issuedAt)
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
        return jwt.serialize();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
