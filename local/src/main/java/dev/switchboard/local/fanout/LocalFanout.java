package dev.switchboard.local.fanout;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.lambdas.fanout.FanoutConfig;
import dev.switchboard.lambdas.fanout.FanoutHandler;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sharded fan-out path of the local API: ElasticMQ with the blueprint's queues ({@link LocalSqs}) and the
 * fan-out function consuming them through a {@link ShardPoller}, as on AWS. {@link #environment()} is what the
 * functions get on top of their own variables (the queue's URL and the local SQS endpoint).
 */
public final class LocalFanout implements AutoCloseable {
    private final LocalSqs sqs;
    private ShardPoller poller;

    private LocalFanout(LocalSqs sqs) {
        this.sqs = sqs;
    }

    /** Starts ElasticMQ and creates the queues; {@link #consume} starts the poller once the functions can be built. */
    public static LocalFanout start(Blueprint blueprint) {
        return new LocalFanout(LocalSqs.start(blueprint));
    }

    /** The variables the send and fan-out functions need to reach the queue. */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        env.put(EnvVars.FANOUT_QUEUE_URL, sqs.queueUrl());
        env.put(FanoutConfig.SQS_ENDPOINT, sqs.endpoint().toString());
        return env;
    }

    /**
     * Builds the fan-out function with {@code env} (its variables as the local API gives a function, then
     * {@link #environment()}) and starts consuming with the blueprint's concurrency and batch size.
     */
    public void consume(Blueprint blueprint, Function<FunctionSpec, Map<String, String>> env) {
        FanoutSpec spec = blueprint.fanout();
        Map<String, String> vars = new TreeMap<>(env.apply(spec.function()));
        vars.putAll(environment());
        vars.put(FanoutConfig.VISIBILITY_TIMEOUT_SECONDS, Integer.toString(spec.visibilityTimeoutSeconds()));
        vars.putIfAbsent(FanoutConfig.RETRY_BASE_SECONDS, Integer.toString(spec.retryBaseSeconds()));
        vars.putIfAbsent(FanoutConfig.POSTS_PER_SECOND, Integer.toString(spec.postsPerSecond()));
        String arn = sqs.client().getQueueAttributes(b -> b.queueUrl(sqs.queueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        poller = new ShardPoller(sqs.client(), sqs.queueUrl(), arn, new FanoutHandler(vars),
                spec.maximumConcurrency(), spec.batchSize());
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public ShardPoller poller() {
        return poller;
    }

    /** Stops the pollers, then the queue's server (which ends their long polls), then waits for the pollers. */
    @Override
    public void close() {
        if (poller != null) {
            poller.stop();
        }
        sqs.close();
        if (poller != null) {
            poller.close();
        }
    }
}
