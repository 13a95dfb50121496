package dev.switchboard.lambdas.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A secret read from a {@link SecretFetcher} on first use, never at construction: a function's init (which SnapStart
 * runs when a version is published) cannot fail because a secret is unreadable.
 *
 * <p>A failed read is logged as one line naming the secret and the cause ({@link AuthLog#secretUnreadable}) and is
 * not retried for {@link #RETRY_INTERVAL}; while no value has ever been read, {@link #values()} throws
 * {@link VerifierUnavailableException} (reason {@code SECRET_UNAVAILABLE}, with the ARN and the cause).
 */
public final class RefreshingSecret implements SecretValues {
    /** Least time between two reads after a failed one. */
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    private final String secretId;
    private final SecretFetcher fetcher;
    private final UnaryOperator<String> check;
    private final Clock clock;
    private final AuthLog log;

    private List<String> values;
    private Instant readAt;
    private SecretReadException lastFailure;
    private Instant nextAttempt = Instant.MIN;

    /**
     * @param check validates a value read (returns it, or throws {@link IllegalArgumentException} with a message that
     *              does not contain the value); e.g. the HS256 key's minimum length
     */
    public RefreshingSecret(String secretId, SecretFetcher fetcher, UnaryOperator<String> check, Clock clock, AuthLog log) {
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.check = Objects.requireNonNull(check, "check");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The ARN (or name) this secret is read from. */
    public String secretId() {
        return secretId;
    }

    @Override
    public synchronized List<String> values() {
        Instant now = clock.instant();
        if (values == null && !now.isBefore(nextAttempt)) {
            read(now);
        }
        if (values == null) {
            throw new VerifierUnavailableException(VerifierUnavailableException.SECRET_UNAVAILABLE,
                    "secret " + secretId + " has never been read", lastFailure,
                    Map.of("secretArn", secretId, "cause", lastFailure == null ? "unknown" : lastFailure.errorCode()));
        }
        return values;
    }

    private void read(Instant now) {
        try {
            String value = fetcher.fetch(secretId);
            try {
                value = check.apply(value);
            } catch (IllegalArgumentException e) {
                throw new SecretReadException(secretId, "InvalidSecretValue", e.getMessage(), null);
            }
            values = List.of(value);
            readAt = now;
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = e instanceof SecretReadException r ? r
                    : new SecretReadException(secretId, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
            nextAttempt = now.plus(RETRY_INTERVAL);
            log.secretUnreadable(lastFailure, readAt == null ? "none" : "copy read at " + readAt);
        }
    }
}
