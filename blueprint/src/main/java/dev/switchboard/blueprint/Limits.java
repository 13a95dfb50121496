package dev.switchboard.blueprint;

import java.time.Duration;

/**
 * The system's limits.
 *
 * @param maxDataBytes          largest {@code data} a send or whisper may carry, in bytes of its JSON (default 16 KB,
 *                              at most 32 KB, API Gateway's frame size)
 * @param messageRatePerSecond  messages per connection per second before RATE_LIMITED (default 10)
 * @param messageBurst          messages per connection allowed in one second window at most (default 20)
 * @param stageRateLimit        stage default route throttling, steady requests per second (default 500)
 * @param stageBurstLimit       stage default route throttling burst (default 1000)
 * @param idleTimeout           idle close; API Gateway's is 10 minutes and cannot change (default 10 min)
 * @param maxConnectionDuration longest connection; API Gateway's is 2 hours (default 2 h)
 * @param connectionTtlMargin   added to the maximum duration for the records' TTL (default 1 h)
 * @param wafRatePerIp          WAF rate-based rule: requests per IP per 5-minute window (default 1000, at least 10)
 * @param presenceMaxMembers    presence events only in rooms with at most this many members (default 100)
 * @param broadcastConcurrency  posts in flight during one fan-out (default 64)
 */
public record Limits(int maxDataBytes, int messageRatePerSecond, int messageBurst, double stageRateLimit,
                     int stageBurstLimit, Duration idleTimeout, Duration maxConnectionDuration,
                     Duration connectionTtlMargin, int wafRatePerIp, int presenceMaxMembers,
                     int broadcastConcurrency) {
    /** API Gateway's frame limit: larger frames close the connection with 1009. */
    public static final int FRAME_MAX_BYTES = 32 * 1024;
    /** API Gateway's message limit: larger messages close the connection with 1009. */
    public static final int MESSAGE_MAX_BYTES = 128 * 1024;

    public Limits {
        Check.between("limits.maxDataBytes", maxDataBytes, 1, FRAME_MAX_BYTES);
        Check.positive("limits.messageRatePerSecond", messageRatePerSecond);
        Check.positive("limits.messageBurst", messageBurst);
        if (messageBurst < messageRatePerSecond) {
            throw new BlueprintException("limits.messageBurst", "burst " + messageBurst + " is below the rate "
                    + messageRatePerSecond, "set messageBurst to at least messageRatePerSecond");
        }
        Check.positive("limits.stageRateLimit", stageRateLimit);
        Check.positive("limits.stageBurstLimit", stageBurstLimit);
        positive("limits.idleTimeout", idleTimeout);
        positive("limits.maxConnectionDuration", maxConnectionDuration);
        positive("limits.connectionTtlMargin", connectionTtlMargin);
        if (idleTimeout.compareTo(maxConnectionDuration) > 0) {
            throw new BlueprintException("limits.idleTimeout", "is longer than maxConnectionDuration",
                    "make idleTimeout at most maxConnectionDuration");
        }
        Check.between("limits.wafRatePerIp", wafRatePerIp, 10, 2_000_000_000);
        Check.positive("limits.presenceMaxMembers", presenceMaxMembers);
        Check.between("limits.broadcastConcurrency", broadcastConcurrency, 1, 1000);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new BlueprintException(field, "must be a positive duration, got " + d, "set a positive duration");
        }
    }

    public static Limits defaults() {
        return new Limits(16 * 1024, 10, 20, 500, 1000, Duration.ofMinutes(10), Duration.ofHours(2),
                Duration.ofHours(1), 1000, 100, 64);
    }

    /** TTL of a connection record, relative to its {@code connectedAt}. */
    public Duration connectionTtl() {
        return maxConnectionDuration.plus(connectionTtlMargin);
    }

    public Limits withMaxDataBytes(int v) {
        return new Limits(v, messageRatePerSecond, messageBurst, stageRateLimit, stageBurstLimit, idleTimeout,
                maxConnectionDuration, connectionTtlMargin, wafRatePerIp, presenceMaxMembers, broadcastConcurrency);
    }

    public Limits withMessageRate(int perSecond, int burst) {
        return new Limits(maxDataBytes, perSecond, burst, stageRateLimit, stageBurstLimit, idleTimeout,
                maxConnectionDuration, connectionTtlMargin, wafRatePerIp, presenceMaxMembers, broadcastConcurrency);
    }

    public Limits withTimeouts(Duration idle, Duration maxDuration) {
        return new Limits(maxDataBytes, messageRatePerSecond, messageBurst, stageRateLimit, stageBurstLimit, idle,
                maxDuration, connectionTtlMargin, wafRatePerIp, presenceMaxMembers, broadcastConcurrency);
    }

    public Limits withPresenceMaxMembers(int v) {
        return new Limits(maxDataBytes, messageRatePerSecond, messageBurst, stageRateLimit, stageBurstLimit,
                idleTimeout, maxConnectionDuration, connectionTtlMargin, wafRatePerIp, v, broadcastConcurrency);
    }

    public Limits withStageThrottling(double rate, int burst) {
        return new Limits(maxDataBytes, messageRatePerSecond, messageBurst, rate, burst, idleTimeout,
                maxConnectionDuration, connectionTtlMargin, wafRatePerIp, presenceMaxMembers, broadcastConcurrency);
    }

    public Limits withWafRatePerIp(int v) {
        return new Limits(maxDataBytes, messageRatePerSecond, messageBurst, stageRateLimit, stageBurstLimit,
                idleTimeout, maxConnectionDuration, connectionTtlMargin, v, presenceMaxMembers, broadcastConcurrency);
    }
}
