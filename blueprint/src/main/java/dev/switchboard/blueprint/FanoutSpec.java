package dev.switchboard.blueprint;

/**
 * The sharded fan-out path (docs/fanout.md): the queue {@code send} puts shards on when a room has more than
 * {@link Limits#fanoutShardThreshold()} recipients, its dead-letter queue and alarm, and the function that consumes
 * it through an event source mapping. Derived from the blueprint ({@link Blueprint#fanout()}); renderers provision
 * it next to the functions of the routes.
 *
 * @param function                 the fan-out function (not integrated with a route: the queue invokes it)
 * @param batchSize                shards per invocation (1: one shard's posts fill an invocation; a failure retries
 *                                 one shard)
 * @param maximumConcurrency       most concurrent invocations the event source mapping starts
 *                                 ({@link Limits#fanoutConcurrency()})
 * @param visibilityTimeoutSeconds the queue's visibility timeout: six times the function timeout, as AWS advises for
 *                                 queues that invoke Lambda
 * @param maxReceiveCount          receives before a shard moves to the dead-letter queue
 * @param retentionSeconds         how long the queue keeps a shard (4 days, SQS's default)
 * @param dlqRetentionSeconds      how long the dead-letter queue keeps one (14 days, SQS's maximum)
 * @param retryBaseSeconds         first backoff of a failed shard; each receive doubles it, up to the visibility
 *                                 timeout
 * @param maxMessageBytes          SQS's largest message: a shard above it carries a reference to the frame instead of
 *                                 the frame
 * @param postsPerSecond           most posts one fan-out instance starts a second: {@link #POST_BUDGET} shared by the
 *                                 {@code maximumConcurrency} instances
 */
public record FanoutSpec(FunctionSpec function, int batchSize, int maximumConcurrency, int visibilityTimeoutSeconds,
                         int maxReceiveCount, int retentionSeconds, int dlqRetentionSeconds, int retryBaseSeconds,
                         int maxMessageBytes, int postsPerSecond) {
    /**
     * Posts a second the sharded fan-out may make in one region: 80 % of API Gateway's default account throttle of
     * 10,000 requests a second, which the {@code @connections} (WebSocket callback) API shares with every other API of
     * the account and region (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html); the rest is
     * left to inline fan-outs, acks and presence. Raise it with the quota.
     */
    public static final int POST_BUDGET = 8_000;
    /** The function's short name; its physical name is {@code <name>-<env>-fanout}. */
    public static final String FUNCTION_NAME = "fanout";
    /** The handler the queue invokes. */
    public static final String HANDLER = Blueprint.HANDLERS + "fanout.FanoutHandler";
    /** SQS's message size limit, 256 KB. */
    public static final int SQS_MAX_MESSAGE_BYTES = 256 * 1024;
    /** The dead-letter queue alarm's id (alarm name {@code <name>-<env>-fanout-dlq}). */
    public static final String DLQ_ALARM = "fanout-dlq";

    /** The producer of shards: the {@code send} route's function. */
    public static final String PRODUCER = "send";

    /** SQS's queue URL of a queue named {@code queueName} in {@code region} of {@code account}. */
    public static String queueUrl(String region, String account, String queueName) {
        return "https://sqs." + region + ".amazonaws.com/" + account + "/" + queueName;
    }

    /** SQS's ARN of a queue named {@code queueName} in {@code region} of {@code account}. */
    public static String queueArn(String region, String account, String queueName) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + queueName;
    }

    /**
     * How long a shard that failed its last receive ({@code maxReceiveCount}) stays invisible before the receive that
     * moves it to the dead-letter queue: the backoff of that receive, {@code retryBaseSeconds × 2^(maxReceiveCount − 1)}
     * at most the visibility timeout (SQS moves a message when a receive finds its receive count above
     * {@code maxReceiveCount}:
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
     */
    public int lastBackoffSeconds() {
        return backoffSeconds(retryBaseSeconds, visibilityTimeoutSeconds, maxReceiveCount);
    }

    /**
     * The backoff a failed shard gets before its next receive, after its {@code receiveCount}-th:
     * {@code retryBaseSeconds × 2^(receiveCount − 1)}, at most the queue's {@code visibilityTimeoutSeconds}. The fan-out
     * function computes its backoff with it ({@code FanoutConfig}).
     */
    public static int backoffSeconds(int retryBaseSeconds, int visibilityTimeoutSeconds, int receiveCount) {
        long b = (long) retryBaseSeconds << Math.min(20, Math.max(0, receiveCount - 1));
        return (int) Math.min(visibilityTimeoutSeconds, b);
    }

    /**
     * The variables the fan-out path adds to a function: the queue's URL for the producer and the fan-out function,
     * and the backoff and post rate of the fan-out function; nothing for the others.
     */
    public java.util.Map<String, String> environment(FunctionSpec fn, String queueUrl) {
        java.util.Map<String, String> env = new java.util.TreeMap<>();
        if (fn.name().equals(PRODUCER) || fn.name().equals(function.name())) {
            env.put(EnvVars.FANOUT_QUEUE_URL, queueUrl);
        }
        if (fn.name().equals(function.name())) {
            env.put("FANOUT_VISIBILITY_TIMEOUT_SECONDS", Integer.toString(visibilityTimeoutSeconds));
            env.put("FANOUT_RETRY_BASE_SECONDS", Integer.toString(retryBaseSeconds));
            env.put("FANOUT_POSTS_PER_SECOND", Integer.toString(postsPerSecond));
        }
        return env;
    }

    public FanoutSpec {
        if (function == null) {
            throw new BlueprintException("fanout.function", "must be set", "use Blueprint.fanout()");
        }
        Check.between("fanout.batchSize", batchSize, 1, 10);
        Check.between("limits.fanoutConcurrency", maximumConcurrency, 2, 1000);
        if (visibilityTimeoutSeconds < function.timeoutSeconds()) {
            throw new BlueprintException("fanout.visibilityTimeoutSeconds", visibilityTimeoutSeconds
                    + " s is shorter than the function timeout " + function.timeoutSeconds() + " s",
                    "make it at least the timeout (AWS advises six times)");
        }
        Check.between("fanout.maxReceiveCount", maxReceiveCount, 1, 1000);
        Check.between("fanout.retryBaseSeconds", retryBaseSeconds, 1, visibilityTimeoutSeconds);
    }

    /** The fan-out path of {@code limits}: a 1024 MB arm64 function with a 20 s timeout. */
    static FanoutSpec of(Limits limits) {
        FunctionSpec fn = FunctionSpec.of(FUNCTION_NAME, HANDLER).withTableAccess(TableAccess.READ_WRITE)
                .withManagementApi().withTimeoutSeconds(20);
        return new FanoutSpec(fn, 1, limits.fanoutConcurrency(), 6 * fn.timeoutSeconds(), 5, 4 * 24 * 3600,
                14 * 24 * 3600, 2, SQS_MAX_MESSAGE_BYTES, Math.max(1, POST_BUDGET / limits.fanoutConcurrency()));
    }
}
