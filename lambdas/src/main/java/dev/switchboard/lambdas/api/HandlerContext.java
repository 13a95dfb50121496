package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Rooms;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a handler uses, built once per function instance: the settings, the repository, the management API,
 * the broadcaster, room logic and telemetry, over the instance's SDK clients ({@link AwsClients}); the per-request
 * rules over them are {@link #admission()}.
 *
 * <p>Without {@code TABLE_NAME} (functions with no table access) no SDK client is built and {@link #repository()}
 * fails with a message naming the variable. {@link #close} closes the clients {@link #fromEnv} built (a context
 * assembled from parts owns none).
 */
public final class HandlerContext implements AutoCloseable {
    private final HandlerConfig config;
    private final ConnectionRepository repository;
    private final ManagementApi api;
    private final Broadcaster broadcaster;
    private final Rooms rooms;
    private final Telemetry telemetry;
    private final Clock clock;
    private final Admission admission;
    private AwsClients clients;

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
        this.admission = new Admission(config, repository, clock);
    }

    /** Builds the real clients ({@link AwsClients}) from the environment variables. */
    public static HandlerContext fromEnv(Map<String, String> env) {
        HandlerConfig config = HandlerConfig.fromEnv(env);
        Telemetry telemetry = Telemetry.stdout(config.serviceName());
        if (config.tableName() == null) {
            return new HandlerContext(config, null, null, telemetry, Clock.systemUTC());
        }
        AwsClients clients = AwsClients.of(config);
        HandlerContext ctx = new HandlerContext(config,
                new ConnectionRepository(clients.dynamoDb(), config.tableName()), clients.managementApi(), telemetry,
                Clock.systemUTC());
        ctx.clients = clients;
        return ctx;
    }

    /** Closes the SDK clients {@link #fromEnv} built; a handler's instance is not used afterwards. */
    @Override
    public void close() {
        if (clients == null) {
            return;
        }
        try {
            clients.close();
        } catch (Exception e) {
            telemetry.warn(null, "closing a client failed", Map.of("errorType", e.getClass().getName()));
        }
    }

    /**
     * The SDK clients {@link #fromEnv} built, for whatever else of this function instance calls AWS (the fan-out);
     * fails when this function has no table access or the context was assembled from parts.
     */
    public AwsClients clients() {
        repository();
        if (clients == null) {
            throw new IllegalStateException("this context was assembled from parts and has no SDK clients");
        }
        return clients;
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
        this.admission = new Admission(config, repository, clock);
    }

    /** The per-request rules (sender, TTL, admission of a frame and its rate limit) over this context's parts. */
    public Admission admission() {
        return admission;
    }

    /** @deprecated use {@code admission().callbackUrl(r)} (kept for one release). */
    @Deprecated(forRemoval = true)
    public String callbackUrl(WebSocketRequest r) {
        return admission.callbackUrl(r);
    }

    /** @deprecated use {@code admission().sender(r)} (kept for one release). */
    @Deprecated(forRemoval = true)
    public Member sender(WebSocketRequest r) {
        return admission.sender(r);
    }

    /** @deprecated use {@code admission().ttl(r)} (kept for one release). */
    @Deprecated(forRemoval = true)
    public long ttl(WebSocketRequest r) {
        return admission.ttl(r);
    }

    /** @deprecated use {@code admission().admitMessage(r)} (kept for one release). */
    @Deprecated(forRemoval = true)
    public void admitMessage(WebSocketRequest r) {
        admission.admitMessage(r);
    }

    /** @deprecated use {@code admission().enforceRateLimit(r)} (kept for one release). */
    @Deprecated(forRemoval = true)
    public void enforceRateLimit(WebSocketRequest r) {
        admission.enforceRateLimit(r);
    }
}
