package dev.switchboard.blueprint;

import java.time.Duration;

/**
 * The rules every token verifier applies beyond the signature (the Lambda authorizer, the Cloudflare Worker, later
 * platforms); the Worker receives them in its rendered settings ({@code tokens}). The token's size limit is
 * {@link Limits#maxTokenBytes()}; what a valid {@code sub} is, {@link UserIds}.
 *
 * <p>{@code exp}, {@code nbf} and {@code iat} must be JSON numbers from 0 to {@link #LATEST_TIME_SECONDS} (fractions
 * allowed, RFC 7519 section 2 "NumericDate"); this range is checked on the number as parsed, before any conversion to a
 * date, so no overflow can turn a far-away time into a near one. A token may live at most {@link #MAX_LIFETIME}:
 * {@code exp - iat}, or {@code exp - now} when it has no {@code iat}.
 */
public final class TokenRules {
    /** Tolerance for clock differences in {@code exp}, {@code nbf} and {@code iat}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Longest accepted token lifetime: a day (identity providers issue access tokens for 1 to 24 hours by default). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** Latest accepted time claim, 9999-12-31T23:59:59Z in seconds since the epoch. */
    public static final long LATEST_TIME_SECONDS = 253_402_300_799L;

    private TokenRules() {
    }
}
