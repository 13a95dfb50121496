package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.DeadlineBoundDynamoDb;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients of one function instance, built once from its settings and shared by everything of the
 * instance that calls AWS (the handler's context, the sharded fan-out of {@code send}, the fan-out function): one
 * URL-connection HTTP client (2 s connect, 5 s socket timeout) under all of them, one DynamoDB client (3 s an attempt,
 * 8 s a call, each call cut to the invocation's deadline by {@link DeadlineBoundDynamoDb}), the management API
 * ({@link SdkManagementApi}; its clients built on the first post, this region's at once when priming) and, on first
 * use, the SQS client of the fan-out queue (3 s an attempt, 8 s a call).
 *
 * <p>Credentials: the default provider chain, except static dummy ones for a local DynamoDB
 * ({@code DYNAMODB_ENDPOINT} set), a local SQS endpoint and a local {@code http://} callback URL, so local runs need
 * no AWS account. {@link #close} closes the HTTP, DynamoDB and SQS clients.
 */
public final class AwsClients implements AutoCloseable {
    /** A DynamoDB call's longest time, retries included, before the invocation's deadline cuts it shorter. */
    public static final Duration STORE_CALL_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    private static final AwsCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final String region;
    private final SdkHttpClient http;
    private final DynamoDbClient dynamoDb;
    private final ManagementApi managementApi;
    private SqsClient sqs;

    private AwsClients(String region, SdkHttpClient http, DynamoDbClient dynamoDb, ManagementApi managementApi) {
        this.region = region;
        this.http = http;
        this.dynamoDb = dynamoDb;
        this.managementApi = managementApi;
    }

    /**
     * Builds the HTTP, DynamoDB and management API clients for {@code config} (which needs a region); raises the
     * JDK's keep-alive cap to the fan-out's concurrency and turns its silent POST re-send off first, before any
     * connection is made.
     */
    public static AwsClients of(HandlerConfig config) {
        Broadcaster.keepAliveUpTo(config.broadcastConcurrency());
        JdkHttp.noSilentPostRetry();
        String region = config.requireRegion();
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClient(http)
                .credentialsProvider(config.dynamoDbEndpoint() != null ? DUMMY : defaultCredentials())
                .applyMutation(b -> {
                    if (config.dynamoDbEndpoint() != null) {
                        b.endpointOverride(config.dynamoDbEndpoint());
                    }
                })
                // Standard retries, 3 attempts, jittered backoff from 25 ms (DynamoDB answers in milliseconds; its own
                // SDK default starts at 25 ms too) and from 50 ms when throttled, at most 1 s: a transient error or a
                // throttle is retried twice, quickly. The standard strategy's retry quota stops retrying when most
                // calls fail (an outage), instead of multiplying the load. Not adaptive: its client-side rate limiter
                // learns over many calls, and a Lambda instance makes few. Each call's total (3 s an attempt, 8 s in
                // all) is cut to what the invocation has left by DeadlineBoundDynamoDb.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(3)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(1)))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(50),
                                        Duration.ofSeconds(1)))
                                .build())
                        .apiCallTimeout(STORE_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT))
                .build();
        Function<String, AwsCredentialsProvider> creds = url -> url.startsWith("http://") ? DUMMY : defaultCredentials();
        // this region's @connections client only when priming (SnapStart snapshots it with init): built on the first
        // post otherwise, so that a route that never posts ($connect without a room) never loads its classes
        ManagementApi api = new SdkManagementApi(http, creds, region,
                config.prime() ? config.callbackUrl() : null);
        return new AwsClients(region, http, new DeadlineBoundDynamoDb(dynamo, STORE_CALL_TIMEOUT), api);
    }

    /** The DynamoDB client, each call bounded by the running invocation's deadline. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The management API ({@code @connections}) of every callback URL. */
    public ManagementApi managementApi() {
        return managementApi;
    }

    /** The SQS client, built on first use; {@code endpoint} is a local SQS server, or null for AWS's. */
    public synchronized SqsClient sqs(URI endpoint) {
        if (sqs == null) {
            sqs = SqsClient.builder().region(Region.of(region)).httpClient(http)
                    .credentialsProvider(endpoint != null ? DUMMY : defaultCredentials())
                    .applyMutation(b -> {
                        if (endpoint != null) {
                            b.endpointOverride(endpoint);
                        }
                    })
                    .overrideConfiguration(o -> o.apiCallTimeout(STORE_CALL_TIMEOUT)
                            .apiCallAttemptTimeout(ATTEMPT_TIMEOUT))
                    .build();
        }
        return sqs;
    }

    /** Closes every client, then throws the first failure, if any. */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> owned = new ArrayList<>(List.of(dynamoDb, http));
        synchronized (this) {
            if (sqs != null) {
                owned.add(0, sqs);
            }
        }
        Exception first = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsHolder.INSTANCE;
    }

    /** The default chain, built once per JVM and only when a client needs it (local runs never do). */
    private static final class DefaultCredentialsHolder {
        static final AwsCredentialsProvider INSTANCE = DefaultCredentialsProvider.builder().build();
    }
}
