package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.DeadlineBoundDynamoDb;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Rooms;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

/**
 * Everything a handler uses, built once per function instance: the settings, the repository over one DynamoDB
 * client, the management API clients, the broadcaster, room logic and telemetry.
 *
 * <p>SDK clients: URL-connection HTTP client (2 s connect, 5 s socket timeout), DynamoDB with a 3 s attempt and 8 s
 * call timeout. Credentials: the default provider chain, except static dummy ones for a local DynamoDB
 * ({@code DYNAMODB_ENDPOINT} set) and for a local {@code http://} callback URL, so local runs need no AWS account.
 * Without {@code TABLE_NAME} (functions with no table access) no DynamoDB client is built and {@link #repository()}
 * fails with a message naming the variable. {@link #close} closes the clients {@link #fromEnv} built (a context
 * assembled from parts owns none).
 */
public final class HandlerContext implements AutoCloseable {
    /** A DynamoDB call's longest time, retries included, before the invocation's deadline cuts it shorter. */
    static final Duration STORE_CALL_TIMEOUT = Duration.ofSeconds(8);
    private static final AwsCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final HandlerConfig config;
    private final ConnectionRepository repository;
    private final ManagementApi api;
    private final Broadcaster broadcaster;
    private final Rooms rooms;
    private final Telemetry telemetry;
    private final Clock clock;
    private List<AutoCloseable> owned = List.of();

    /** Assembles a context from parts (tests, the local API). */
    public HandlerContext(HandlerConfig config, ConnectionRepository repository, ManagementApi api,
                          Telemetry telemetry, Clock clock) {
        this.config = config;
        this.repository = repository;
        this.api = api;
        this.broadcaster = repository == null ? null
                : new Broadcaster(api, repository, config.broadcastConcurrency(), clock::millis);
        this.rooms = repository == null ? null
                : new Rooms(repository, broadcaster, config.presenceMaxMembers(), config.membersPageSize());
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** Builds the real clients from the environment variables. */
    public static HandlerContext fromEnv(Map<String, String> env) {
        HandlerConfig config = HandlerConfig.fromEnv(env);
        Telemetry telemetry = Telemetry.stdout(config.serviceName());
        if (config.tableName() == null) {
            return new HandlerContext(config, null, null, telemetry, Clock.systemUTC());
        }
        Broadcaster.keepAliveUpTo(config.broadcastConcurrency());
        JdkHttp.noSilentPostRetry();
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
        String region = config.requireRegion();
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
                        .apiCallAttemptTimeout(Duration.ofSeconds(3)))
                .build();
        Function<String, AwsCredentialsProvider> creds = url -> url.startsWith("http://") ? DUMMY : defaultCredentials();
        ManagementApi api = new SdkManagementApi(http, creds, region, config.callbackUrl());
        HandlerContext ctx = new HandlerContext(config,
                new ConnectionRepository(new DeadlineBoundDynamoDb(dynamo, STORE_CALL_TIMEOUT), config.tableName()), api,
                telemetry, Clock.systemUTC());
        ctx.owned = List.of(dynamo, http);
        return ctx;
    }

    /** Closes the SDK clients {@link #fromEnv} built; a handler's instance is not used afterwards. */
    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                telemetry.warn(null, "closing a client failed", Map.of("errorType", e.getClass().getName()));
            }
        }
    }

    private static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsHolder.INSTANCE;
    }

    private static final class DefaultCredentialsHolder {
        static final AwsCredentialsProvider INSTANCE = DefaultCredentialsProvider.builder().build();
    }

    public HandlerConfig config() {
        return config;
    }

    /** The connection table; fails when this function has no table access. */
    public ConnectionRepository repository() {
        if (repository == null) {
            config.requireTableName();
        }
        return repository;
    }

    /** The management API the broadcaster posts through (replies of one-way routes too). */
    public ManagementApi managementApi() {
        repository();
        return api;
    }

    public Broadcaster broadcaster() {
        repository();
        return broadcaster;
    }

    public Rooms rooms() {
        repository();
        return rooms;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public Clock clock() {
        return clock;
    }

    /** A new context like this one with another telemetry sink (tests). */
    public HandlerContext withTelemetry(Telemetry t) {
        return new HandlerContext(config, repository, api, broadcaster, rooms, t, clock);
    }

    /** A new context like this one with another clock (tests). */
    public HandlerContext withClock(Clock c) {
        return new HandlerContext(config, repository, api, broadcaster, rooms, telemetry, c);
    }

    private HandlerContext(HandlerConfig config, ConnectionRepository repository, ManagementApi api,
                           Broadcaster broadcaster, Rooms rooms, Telemetry telemetry, Clock clock) {
        this.config = config;
        this.repository = repository;
        this.api = api;
        this.broadcaster = broadcaster;
        this.rooms = rooms;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** This region's callback URL: {@code CALLBACK_URL}, else derived from the event's domain and stage. */
    public String callbackUrl(WebSocketRequest r) {
        if (config.callbackUrl() != null) {
            return config.callbackUrl();
        }
        if (r.domainName() == null || r.stage() == null) {
            throw new IllegalStateException("CALLBACK_URL is not set and the event has no domainName/stage");
        }
        return "https://" + r.domainName() + "/" + r.stage();
    }

    /** The sender of {@code r} as a member record of this region. */
    public Member sender(WebSocketRequest r) {
        return new Member(r.connectionId(), r.userId(), config.requireRegion(), callbackUrl(r), r.connectedAt());
    }

    /** TTL (epoch seconds) for the records of the connection of {@code r}. */
    public long ttl(WebSocketRequest r) {
        return r.connectedAt() / 1000 + config.connectionTtlSeconds();
    }

    /**
     * The common start of every rate-limited action: parses the frame (BAD_JSON), counts it as a message and counts
     * it against the connection's rate limit (RATE_LIMITED).
     *
     * @throws ProtocolException BAD_JSON or RATE_LIMITED
     */
    public void admitMessage(WebSocketRequest r) {
        r.frame();
        r.count(Telemetry.MESSAGES, 1);
        enforceRateLimit(r);
    }

    /**
     * Counts the frame of {@code r} against its user's rate limit (all the user's connections share it), at the frame's
     * arrival time (API Gateway's
     * {@code requestTimeEpoch}, so that the clocks of the Lambda instances do not matter; this instance's clock when
     * the event has none).
     *
     * @throws ProtocolException RATE_LIMITED when the user is over the rate or the connection has no record
     */
    public void enforceRateLimit(WebSocketRequest r) {
        long arrival = r.requestTimeEpoch() > 0 ? r.requestTimeEpoch() : clock.millis();
        if (!repository().tryAcquire(r.userId(), r.connectionId(), arrival, config.ratePerSecond(), config.rateBurst())) {
            r.count(Telemetry.RATE_LIMITED, 1);
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many messages: at most " + config.rateBurst()
                    + " at once and " + config.ratePerSecond() + " per second");
        }
    }
}
