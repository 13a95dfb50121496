package dev.switchboard.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try again: attempt {@code n} (1-based) waits a uniformly random time below
 * {@code min(maxDelay, baseDelay * 2^(n-1))} ("full jitter", AWS Architecture Blog, "Exponential Backoff And
 * Jitter"), and after {@code maxAttempts} consecutive failed attempts the client gives up. Defaults: 10 attempts,
 * 500 ms base, 30 s ceiling ({@link #DEFAULT}), as the JavaScript client's.
 */
public record ReconnectPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final ReconnectPolicy DEFAULT =
            new ReconnectPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(30));
    /** One attempt, no reconnect after a drop. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(1, Duration.ZERO, Duration.ZERO);

    public ReconnectPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("reconnect.maxAttempts must be at least 1 (got " + maxAttempts + ")");
        }
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("reconnect delays must not be negative");
        }
    }

    /** The delay before attempt {@code attempt}, with {@code random} in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        double ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        return Duration.ofMillis((long) Math.floor(random.getAsDouble() * ceiling));
    }

    /** Whether the client reconnects after a drop at all. */
    public boolean reconnects() {
        return this != NEVER && !equals(NEVER);
    }
}
