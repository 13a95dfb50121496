package dev.switchboard.lambdas.fanout;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.blueprint.Limits;
import java.net.URI;
import java.util.Map;

/**
 * The sharded fan-out's settings from the environment: {@code FANOUT_SHARD_THRESHOLD} and {@code FANOUT_SHARD_SIZE}
 * (every function has them, from the blueprint's limits), {@code FANOUT_QUEUE_URL} (the send and fan-out functions;
 * unset: every room fans out inline), {@code SQS_ENDPOINT} (a local SQS server, with dummy credentials),
 * {@code FANOUT_RETRY_BASE_SECONDS} and {@code FANOUT_VISIBILITY_TIMEOUT_SECONDS} (the backoff of a failed shard).
 *
 * @param threshold                recipients above which a send is sharded
 * @param shardSize                recipients per shard
 * @param queueUrl                 the queue, or null
 * @param sqsEndpoint              a local SQS endpoint, or null
 * @param retryBaseSeconds         the first backoff of a failed shard; it doubles with each receive
 * @param visibilityTimeoutSeconds the queue's visibility timeout, the longest backoff
 * @param progressTtlSeconds       how long progress and frame records are kept: the queue's retention and a day
 * @param postsPerSecond           most posts one fan-out instance starts a second ({@code FANOUT_POSTS_PER_SECOND};
 *                                 0: unlimited)
 */
public record FanoutConfig(int threshold, int shardSize, String queueUrl, URI sqsEndpoint, int retryBaseSeconds,
                           int visibilityTimeoutSeconds, long progressTtlSeconds, int postsPerSecond) {
    public static final String POSTS_PER_SECOND = "FANOUT_POSTS_PER_SECOND";

    /** Settings without a post rate (tests). */
    public FanoutConfig(int threshold, int shardSize, String queueUrl, URI sqsEndpoint, int retryBaseSeconds,
                        int visibilityTimeoutSeconds, long progressTtlSeconds) {
        this(threshold, shardSize, queueUrl, sqsEndpoint, retryBaseSeconds, visibilityTimeoutSeconds,
                progressTtlSeconds, 0);
    }

    public static final String SQS_ENDPOINT = "SQS_ENDPOINT";
    public static final String RETRY_BASE_SECONDS = "FANOUT_RETRY_BASE_SECONDS";
    public static final String VISIBILITY_TIMEOUT_SECONDS = "FANOUT_VISIBILITY_TIMEOUT_SECONDS";
    /** 4 days of queue retention and one more. */
    public static final long PROGRESS_TTL_SECONDS = 5 * 24 * 3600L;

    public static FanoutConfig fromEnv(Map<String, String> env) {
        Limits d = Limits.defaults();
        String queue = blankToNull(env.get(EnvVars.FANOUT_QUEUE_URL));
        String endpoint = blankToNull(env.get(SQS_ENDPOINT));
        URI sqs;
        try {
            sqs = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SQS_ENDPOINT + " is not a URL: '" + endpoint + "'", e);
        }
        return new FanoutConfig(positive(env, EnvVars.FANOUT_SHARD_THRESHOLD, d.fanoutShardThreshold()),
                positive(env, EnvVars.FANOUT_SHARD_SIZE, d.fanoutShardSize()), queue, sqs,
                positive(env, RETRY_BASE_SECONDS, 2), positive(env, VISIBILITY_TIMEOUT_SECONDS, 120),
                PROGRESS_TTL_SECONDS, env.containsKey(POSTS_PER_SECOND) ? positive(env, POSTS_PER_SECOND, 0) : 0);
    }

    /** Whether a send to {@code recipients} recipients takes the sharded path. */
    public boolean shards(int recipients) {
        return queueUrl != null && recipients > threshold;
    }

    /** The backoff before the {@code receiveCount}-th receive's retry: base × 2^(n-1), at most the timeout. */
    public int backoffSeconds(int receiveCount) {
        return FanoutSpec.backoffSeconds(retryBaseSeconds, visibilityTimeoutSeconds, receiveCount);
    }

    private static int positive(Map<String, String> env, String name, int dflt) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the error below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
