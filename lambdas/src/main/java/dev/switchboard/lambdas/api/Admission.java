package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.time.Clock;

/**
 * The per-request rules every route applies before doing its work: who the sender is in this region (its callback
 * URL), how long its records live (TTL), and whether a frame is admitted (parsed, counted as a message, within the
 * user's rate limit). One per {@link HandlerContext}, reached as {@code ctx.admission()}; it holds no state of its own
 * beyond the context's settings, connection table and clock.
 *
 * <p>Defaults come from {@link HandlerConfig}: the callback URL is {@code CALLBACK_URL} when set, else derived from the
 * event; the TTL is the connection's start plus {@code CONNECTION_TTL_SECONDS}; the rate is {@code RATE_PER_SECOND}
 * with bursts of {@code RATE_BURST}.
 */
public final class Admission {
    private final HandlerConfig config;
    private final ConnectionRepository repository;
    private final Clock clock;

    /**
     * Rules over {@code config}, counting frames in {@code repository} (null for a function with no table access: the
     * rate limit then fails naming {@code TABLE_NAME}) and reading {@code clock} when an event has no arrival time.
     */
    public Admission(HandlerConfig config, ConnectionRepository repository, Clock clock) {
        this.config = config;
        this.repository = repository;
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
     * it against the connection's rate limit (RATE_LIMITED), in that order, so a malformed frame costs no table write.
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
     * arrival time (API Gateway's {@code requestTimeEpoch}, so that the clocks of the Lambda instances do not matter;
     * this instance's clock when the event has none).
     *
     * @throws ProtocolException RATE_LIMITED when the user is over the rate or the connection has no record
     */
    public void enforceRateLimit(WebSocketRequest r) {
        if (repository == null) {
            config.requireTableName();
        }
        long arrival = r.requestTimeEpoch() > 0 ? r.requestTimeEpoch() : clock.millis();
        if (!repository.tryAcquire(r.userId(), r.connectionId(), arrival, config.ratePerSecond(), config.rateBurst())) {
            r.count(Telemetry.RATE_LIMITED, 1);
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many messages: at most " + config.rateBurst()
                    + " at once and " + config.ratePerSecond() + " per second");
        }
    }
}
