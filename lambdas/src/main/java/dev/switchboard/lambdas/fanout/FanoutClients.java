package dev.switchboard.lambdas.fanout;

import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.lambdas.api.HandlerConfig;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients of the fan-out path, configured like the handlers' (URL-connection HTTP client, 2 s connect, 5 s
 * socket timeout), with static dummy credentials for local endpoints ({@code SQS_ENDPOINT}, {@code DYNAMODB_ENDPOINT}).
 */
public final class FanoutClients {
    private static final AwsCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private FanoutClients() {
    }

    private static SdkHttpClient http() {
        dev.switchboard.lambdas.api.JdkHttp.noSilentPostRetry();
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5)).build();
    }

    /** The queue client, or null when no queue is configured. */
    public static SqsClient sqs(HandlerConfig handlers, FanoutConfig config) {
        if (config.queueUrl() == null) {
            return null;
        }
        return SqsClient.builder().region(Region.of(handlers.requireRegion())).httpClient(http())
                .credentialsProvider(config.sqsEndpoint() != null ? DUMMY : DefaultCredentialsProvider.builder().build())
                .applyMutation(b -> {
                    if (config.sqsEndpoint() != null) {
                        b.endpointOverride(config.sqsEndpoint());
                    }
                })
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(8))
                        .apiCallAttemptTimeout(Duration.ofSeconds(3)))
                .build();
    }

    /** The table store of the fan-out's items. */
    public static FanoutStore store(HandlerConfig handlers) {
        DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.of(handlers.requireRegion())).httpClient(http())
                .credentialsProvider(handlers.dynamoDbEndpoint() != null ? DUMMY
                        : DefaultCredentialsProvider.builder().build())
                .applyMutation(b -> {
                    if (handlers.dynamoDbEndpoint() != null) {
                        b.endpointOverride(handlers.dynamoDbEndpoint());
                    }
                })
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(8))
                        .apiCallAttemptTimeout(Duration.ofSeconds(3)))
                .build();
        return new FanoutStore(dynamo, handlers.requireTableName());
    }

    /**
     * The {@code send} end from the environment, or null when {@code FANOUT_QUEUE_URL} is unset (every room fans out
     * inline). The table store is built on first use.
     */
    public static ShardedFanOut shardedFanOut(Map<String, String> env) {
        FanoutConfig config = FanoutConfig.fromEnv(env);
        if (config.queueUrl() == null) {
            return null;
        }
        HandlerConfig handlers = HandlerConfig.fromEnv(env);
        SqsShardQueue queue = new SqsShardQueue(sqs(handlers, config), config.queueUrl());
        FanoutStore[] store = new FanoutStore[1];
        return new ShardedFanOut(config, queue, () -> {
            synchronized (store) {
                if (store[0] == null) {
                    store[0] = store(handlers);
                }
                return store[0];
            }
        }, FanoutSpec.SQS_MAX_MESSAGE_BYTES);
    }
}
