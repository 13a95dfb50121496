package dev.switchboard.lambdas.auth;

/**
 * Stable reason codes of the authorizer's decisions. They go to the logs (never to the client) and are part of the
 * log contract: dashboards and alarms may filter on them, so rename none.
 */
public enum Reason {
    /** The token verified and every claim check passed. */
    OK,
    /** No token: no {@code token} query parameter and no {@code bearer.} subprotocol offer, or an empty one: 401. */
    MISSING_TOKEN,
    /** Token larger than {@code MAX_TOKEN_BYTES} (see {@link JwtVerifier#maxTokenBytes()}); rejected before parsing. */
    TOKEN_TOO_LARGE,
    /**
     * Not a compact JWS as {@link JwtSyntax} reads it: wrong number of parts, characters or base64url that is not
     * canonical, invalid UTF-8, header or claims not JSON objects or with duplicate names, registered header fields or
     * {@code exp}/{@code nbf}/{@code iat}/{@code aud} of the wrong type or out of range.
     */
    MALFORMED,
    /** An unsecured JWT ({@code alg: none}). */
    ALG_NONE,
    /** A JWE, or a JWS algorithm that is not configured (e.g. RS256 when only HS256 is, or HS256 when only JWKS is). */
    ALG_NOT_ALLOWED,
    /** A header parameter that is never accepted ({@code crit}, {@code jku}, {@code jwk}, {@code x5u}, {@code x5c},
     * {@code b64}, {@code cty}, {@code zip}; see {@link JwtSyntax#REFUSED_HEADERS}). */
    HEADER_NOT_ALLOWED,
    /** A {@code typ} header other than absent, {@code JWT} or {@code at+jwt}. */
    TYPE_NOT_ALLOWED,
    /** An RS256/ES256 token without a {@code kid}. */
    MISSING_KID,
    /** No key in the JWKS matches the token's {@code kid}, algorithm and curve. */
    UNKNOWN_KEY,
    /** The signature does not verify (wrong key, wrong secret, tampered token, malformed signature). */
    BAD_SIGNATURE,
    /** The token has no {@code exp}. */
    MISSING_EXPIRY,
    /** {@code exp} is in the past (beyond the clock skew). */
    EXPIRED,
    /** {@code nbf} is in the future (beyond the clock skew). */
    NOT_YET_VALID,
    /** {@code iat} is in the future (beyond the clock skew). */
    ISSUED_IN_FUTURE,
    /** {@code exp} more than {@code TokenRules.MAX_LIFETIME} after {@code iat} (or after now, without {@code iat}). */
    LIFETIME_TOO_LONG,
    /** {@code iss} is not the configured issuer. */
    WRONG_ISSUER,
    /** {@code aud} does not contain the configured audience. */
    WRONG_AUDIENCE,
    /** No {@code sub}, or an empty, whitespace-only or non-string one. */
    MISSING_SUBJECT,
    /** {@code sub} longer than {@code UserIds.MAX_CHARS}. */
    SUBJECT_TOO_LONG,
    /** {@code sub} not a valid user id: whitespace at an end, or a control or format character ({@code UserIds}). */
    INVALID_SUBJECT,
    /** The configured origin header is absent. */
    ORIGIN_MISSING,
    /** The configured origin header carries the wrong value. */
    ORIGIN_MISMATCH,
    /** A token in the query string and a {@code bearer.} offer, or two offers ({@link HandshakeToken}): 403. */
    AMBIGUOUS_TOKEN,
    /** Verification failed for another reason (logged with the exception class). */
    REJECTED
}
