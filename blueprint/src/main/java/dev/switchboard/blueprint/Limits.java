package dev.switchboard.blueprint;

import java.time.Duration;

/**
 * The system's limits.
 *
 * @param maxDataBytes          largest {@code data} a send or whisper may carry, in bytes of its JSON (default 16 KB,
 *                              at most 32 KB, API Gateway's frame size)
 * @param messageRatePerSecond  messages per user per second before RATE_LIMITED, all the user's connections together
 *                              (default 10)
 * @param messageBurst          messages per user allowed at once (default 20)
 * @param stageRateLimit        stage default route throttling, steady requests per second (default 500)
 * @param stageBurstLimit       stage default route throttling burst (default 1000)
 * @param idleTimeout           idle close; API Gateway's is 10 minutes and cannot change (default 10 min)
 * @param maxConnectionDuration longest connection; API Gateway's is 2 hours (default 2 h)
 * @param connectionTtlMargin   added to the maximum duration for the records' TTL (default 1 h)
 * @param wafRatePerIp          WAF rate-based rule: requests per IP per 5-minute window (default 1000, at least 10)
 * @param presenceMaxMembers    presence events only in rooms with at most this many members (default 100)
 * @param broadcastConcurrency  posts in flight during one fan-out (default 64)
 * @param maxTokenBytes         largest JWT the authorizer accepts, in bytes; the edge web ACL lets a query string
 *                              of this token plus a room name through (default and most {@value #MAX_TOKEN_BYTES},
 *                              least 512: API Gateway refuses WebSocket URLs over {@value #MAX_URL_CHARS} characters)
 * @param membersPageSize       users listed in one {@code joined} or {@code members} reply (default 100, 1 to 1000)
 * @param secretMaxAge          longest time the authorizer uses a cached secret before it re-reads it
 *                              (default 5 min, 10 s to 1 h)
 * @param fanoutShardThreshold  a send to more recipients than this is fanned out through the shard queue instead of
 *                              inside the sender's invocation (default 1000)
 * @param fanoutShardSize       recipients per shard on the fan-out queue (default 250, 1 to 1000)
 * @param fanoutConcurrency     most fan-out function instances consuming the queue at once (default 10, 2 to 1000;
 *                              SQS event source mappings take at least 2)
 * @param maxConnectionsPerUser open connections one user may hold; {@code $connect} refuses the next with 429
 *                              TOO_MANY_CONNECTIONS (default 10, 1 to 1000)
 */
public record Limits(int maxDataBytes, int messageRatePerSecond, int messageBurst, double stageRateLimit,
                     int stageBurstLimit, Duration idleTimeout, Duration maxConnectionDuration,
                     Duration connectionTtlMargin, int wafRatePerIp, int presenceMaxMembers,
                     int broadcastConcurrency, int maxTokenBytes, int membersPageSize, Duration secretMaxAge,
                     int fanoutShardThreshold, int fanoutShardSize, int fanoutConcurrency, int maxConnectionsPerUser) {
    /** API Gateway's frame limit: larger frames close the connection with 1009. */
    public static final int FRAME_MAX_BYTES = 32 * 1024;
    /** API Gateway's message limit: larger messages close the connection with 1009. */
    public static final int MESSAGE_MAX_BYTES = 128 * 1024;
    /**
     * API Gateway's longest WebSocket URL, in characters ("Length, in characters, of the URL for a WebSocket API",
     * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
     */
    public static final int MAX_URL_CHARS = 4096;
    /**
     * Largest {@code maxTokenBytes}: what is left of {@link #MAX_URL_CHARS} after {@code wss://}, a host name of up to
     * 253 characters, a stage of up to 128, {@code ?token=}, {@code &room=} with an encoded 128-character room name
     * (384) and 128 characters of other parameters (913 in all), rounded down to 3 KB.
     */
    public static final int MAX_TOKEN_BYTES = 3072;

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
        if (maxTokenBytes < 512 || maxTokenBytes > MAX_TOKEN_BYTES) {
            throw new BlueprintException("limits.maxTokenBytes", "must be between 512 and " + MAX_TOKEN_BYTES
                    + ", got " + maxTokenBytes + " (API Gateway refuses WebSocket URLs over " + MAX_URL_CHARS
                    + " characters, and the token rides in the URL)", "set maxTokenBytes between 512 and "
                    + MAX_TOKEN_BYTES + "; keep tokens small (few claims, ES256 rather than RS256)");
        }
        Check.between("limits.membersPageSize", membersPageSize, 1, 1000);
        positive("limits.secretMaxAge", secretMaxAge);
        if (secretMaxAge.compareTo(Duration.ofSeconds(10)) < 0 || secretMaxAge.compareTo(Duration.ofHours(1)) > 0) {
            throw new BlueprintException("limits.secretMaxAge", "must be between 10 s and 1 h, got " + secretMaxAge,
                    "set secretMaxAge between PT10S and PT1H (a rotation's overlap must outlast it)");
        }
        Check.positive("limits.fanoutShardThreshold", fanoutShardThreshold);
        Check.between("limits.fanoutShardSize", fanoutShardSize, 1, 1000);
        Check.between("limits.fanoutConcurrency", fanoutConcurrency, 2, 1000);
        Check.between("limits.maxConnectionsPerUser", maxConnectionsPerUser, 1, 1000);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new BlueprintException(field, "must be a positive duration, got " + d, "set a positive duration");
        }
    }

    public static Limits defaults() {
        return new Limits(16 * 1024, 10, 20, 500, 1000, Duration.ofMinutes(10), Duration.ofHours(2),
                Duration.ofHours(1), 1000, 100, 64, MAX_TOKEN_BYTES, 100, Duration.ofMinutes(5), 1000, 250, 10, 10);
    }

    /** TTL of a connection record, relative to its {@code connectedAt}. */
    public Duration connectionTtl() {
        return maxConnectionDuration.plus(connectionTtlMargin);
    }

    public Limits withMaxDataBytes(int v) {
        return toBuilder().maxDataBytes(v).build();
    }

    public Limits withMessageRate(int perSecond, int burst) {
        return toBuilder().messageRatePerSecond(perSecond).messageBurst(burst).build();
    }

    public Limits withTimeouts(Duration idle, Duration maxDuration) {
        return toBuilder().idleTimeout(idle).maxConnectionDuration(maxDuration).build();
    }

    public Limits withPresenceMaxMembers(int v) {
        return toBuilder().presenceMaxMembers(v).build();
    }

    public Limits withStageThrottling(double rate, int burst) {
        return toBuilder().stageRateLimit(rate).stageBurstLimit(burst).build();
    }

    public Limits withWafRatePerIp(int v) {
        return toBuilder().wafRatePerIp(v).build();
    }

    /** A builder that starts from these limits (validation runs on {@link Builder#build()}). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some limits of a copy; every field starts from the limits it was made from. */
    public static final class Builder {
        private int maxDataBytes;
        private int messageRatePerSecond;
        private int messageBurst;
        private double stageRateLimit;
        private int stageBurstLimit;
        private Duration idleTimeout;
        private Duration maxConnectionDuration;
        private Duration connectionTtlMargin;
        private int wafRatePerIp;
        private int presenceMaxMembers;
        private int broadcastConcurrency;
        private int maxTokenBytes;
        private int membersPageSize;
        private Duration secretMaxAge;
        private int fanoutShardThreshold;
        private int fanoutShardSize;
        private int fanoutConcurrency;
        private int maxConnectionsPerUser;

        private Builder(Limits l) {
            maxDataBytes = l.maxDataBytes;
            messageRatePerSecond = l.messageRatePerSecond;
            messageBurst = l.messageBurst;
            stageRateLimit = l.stageRateLimit;
            stageBurstLimit = l.stageBurstLimit;
            idleTimeout = l.idleTimeout;
            maxConnectionDuration = l.maxConnectionDuration;
            connectionTtlMargin = l.connectionTtlMargin;
            wafRatePerIp = l.wafRatePerIp;
            presenceMaxMembers = l.presenceMaxMembers;
            broadcastConcurrency = l.broadcastConcurrency;
            maxTokenBytes = l.maxTokenBytes;
            membersPageSize = l.membersPageSize;
            secretMaxAge = l.secretMaxAge;
            fanoutShardThreshold = l.fanoutShardThreshold;
            fanoutShardSize = l.fanoutShardSize;
            fanoutConcurrency = l.fanoutConcurrency;
            maxConnectionsPerUser = l.maxConnectionsPerUser;
        }

        public Builder maxDataBytes(int v) { maxDataBytes = v; return this; }
        public Builder messageRatePerSecond(int v) { messageRatePerSecond = v; return this; }
        public Builder messageBurst(int v) { messageBurst = v; return this; }
        public Builder stageRateLimit(double v) { stageRateLimit = v; return this; }
        public Builder stageBurstLimit(int v) { stageBurstLimit = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxConnectionDuration(Duration v) { maxConnectionDuration = v; return this; }
        public Builder connectionTtlMargin(Duration v) { connectionTtlMargin = v; return this; }
        public Builder wafRatePerIp(int v) { wafRatePerIp = v; return this; }
        public Builder presenceMaxMembers(int v) { presenceMaxMembers = v; return this; }
        public Builder broadcastConcurrency(int v) { broadcastConcurrency = v; return this; }
        public Builder maxTokenBytes(int v) { maxTokenBytes = v; return this; }
        public Builder membersPageSize(int v) { membersPageSize = v; return this; }
        public Builder secretMaxAge(Duration v) { secretMaxAge = v; return this; }
        public Builder fanoutShardThreshold(int v) { fanoutShardThreshold = v; return this; }
        public Builder fanoutShardSize(int v) { fanoutShardSize = v; return this; }
        public Builder fanoutConcurrency(int v) { fanoutConcurrency = v; return this; }
        public Builder maxConnectionsPerUser(int v) { maxConnectionsPerUser = v; return this; }

        public Limits build() {
            return new Limits(maxDataBytes, messageRatePerSecond, messageBurst, stageRateLimit, stageBurstLimit,
                    idleTimeout, maxConnectionDuration, connectionTtlMargin, wafRatePerIp, presenceMaxMembers,
                    broadcastConcurrency, maxTokenBytes, membersPageSize, secretMaxAge, fanoutShardThreshold,
                    fanoutShardSize, fanoutConcurrency, maxConnectionsPerUser);
        }
    }
}
