package dev.switchboard.lambdas.fanout;

import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.lambdas.api.AwsClients;
import dev.switchboard.lambdas.api.HandlerConfig;
import java.util.Map;

/**
 * The fan-out path's parts over a function instance's SDK clients ({@link AwsClients}): the queue and the table store
 * of the fan-out's items.
 */
public final class FanoutClients {
    private FanoutClients() {
    }

    /** The queue of {@code config} over {@code clients}' SQS client, or null when no queue is configured. */
    public static SqsShardQueue queue(FanoutConfig config, AwsClients clients) {
        return config.queueUrl() == null ? null
                : new SqsShardQueue(clients.sqs(config.sqsEndpoint()), config.queueUrl());
    }

    /** The table store of the fan-out's items, over {@code clients}' DynamoDB client. */
    public static FanoutStore store(HandlerConfig handlers, AwsClients clients) {
        return new FanoutStore(clients.dynamoDb(), handlers.requireTableName());
    }

    /**
     * The {@code send} end over {@code clients}, or null when {@code FANOUT_QUEUE_URL} is unset (every room fans out
     * inline).
     */
    public static ShardedFanOut shardedFanOut(Map<String, String> env, HandlerConfig handlers, AwsClients clients) {
        FanoutConfig config = FanoutConfig.fromEnv(env);
        if (config.queueUrl() == null) {
            return null;
        }
        FanoutStore store = store(handlers, clients);
        return new ShardedFanOut(config, queue(config, clients), () -> store, FanoutSpec.SQS_MAX_MESSAGE_BYTES);
    }

    /**
     * The {@code send} end from the environment alone, with SDK clients of its own (the local API's tests), or null
     * when {@code FANOUT_QUEUE_URL} is unset.
     */
    public static ShardedFanOut shardedFanOut(Map<String, String> env) {
        if (FanoutConfig.fromEnv(env).queueUrl() == null) {
            return null;
        }
        HandlerConfig handlers = HandlerConfig.fromEnv(env);
        return shardedFanOut(env, handlers, AwsClients.of(handlers));
    }
}
