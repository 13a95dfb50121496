package dev.switchboard.lambdas.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A secret read from a {@link SecretFetcher} when first needed and re-read when its copy gets old, so that a rotation
 * reaches a running authorizer. Never read at construction: a function's init (which SnapStart runs when a version is
 * published) cannot fail because a secret is unreadable.
 *
 * <ul>
 *   <li>What is held: the {@code AWSCURRENT} value and, when a version carries it, the {@code AWSPREVIOUS} value
 *       (current first). Both are accepted, so tokens signed with the previous key (and the previous origin header
 *       value) keep working while a rotation is under way. The overlap ends when the operator removes
 *       {@code AWSPREVIOUS} from the old version (UpdateSecretVersionStage) or rotates again, plus at most the max
 *       age.</li>
 *   <li>How long: a copy is used for at most {@code maxAge} (the blueprint's {@code limits.secretMaxAge}, passed as
 *       {@code SECRET_MAX_AGE_SECONDS}); the first {@link #values()} after that re-reads both labels.
 *       {@link #invalidate()} (called after a SnapStart restore) makes the next {@link #values()} re-read at once;
 *       {@link #forget()} (before a checkpoint) drops the values so that none is written into a snapshot.</li>
 *   <li>A failed read of {@code AWSCURRENT} keeps the last good values and logs one line naming the secret and the
 *       cause ({@link AuthLog#secretUnreadable}); the read is retried after {@link #RETRY_INTERVAL}, not on every
 *       request. While no value has ever been read, {@link #values()} throws {@link VerifierUnavailableException}
 *       (reason {@code SECRET_UNAVAILABLE}, with the ARN and the cause). A missing {@code AWSPREVIOUS} (a secret never
 *       changed) is normal and not logged; any other failure to read it is logged, the current value alone is used
 *       and the read is retried after {@link #RETRY_INTERVAL}.</li>
 * </ul>
 */
public final class RefreshingSecret implements SecretValues {
    /** Least time between two reads after a failed one. */
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);
    /**
     * Budget of the read of {@code AWSCURRENT} while nothing is held (a cold SDK client's first call is slow). Two
     * secrets, each read at this budget plus {@link #REFRESH_TIMEOUT}, stay within the authorizer's default 10 s.
     */
    public static final Duration FIRST_READ_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Budget of every other read (a re-read while a copy is held, and {@code AWSPREVIOUS}): a Secrets Manager that
     * hangs delays a handshake by at most 2 x 1.5 s per secret, far below the function timeout, so a held copy is
     * never turned into a 500 by a timeout.
     */
    public static final Duration REFRESH_TIMEOUT = Duration.ofMillis(1500);

    private final String secretId;
    private final SecretFetcher fetcher;
    private final UnaryOperator<String> check;
    private final Duration maxAge;
    private final Clock clock;
    private final AuthLog log;

    private List<String> values;
    private Instant readAt;
    private Instant nextRead = Instant.MIN;
    private SecretReadException lastFailure;

    /**
     * @param check  validates a value read (returns it, or throws {@link IllegalArgumentException} with a message that
     *               does not contain the value); e.g. the HS256 key's minimum length
     * @param maxAge longest time a copy is used before it is re-read
     */
    public RefreshingSecret(String secretId, SecretFetcher fetcher, UnaryOperator<String> check, Duration maxAge,
                            Clock clock, AuthLog log) {
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.check = Objects.requireNonNull(check, "check");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
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
        if (!now.isBefore(nextRead)) {
            read(now);
        }
        if (values == null) {
            throw new VerifierUnavailableException(VerifierUnavailableException.SECRET_UNAVAILABLE,
                    "secret " + secretId + " has never been read", lastFailure,
                    Map.of("secretArn", secretId, "cause", lastFailure == null ? "unknown" : lastFailure.errorCode()));
        }
        return values;
    }

    /** Makes the next {@link #values()} re-read the secret (keeping the current copy should that read fail). */
    public synchronized void invalidate() {
        nextRead = Instant.MIN;
    }

    /** Drops the values held (nothing secret stays in memory, e.g. in a SnapStart snapshot). */
    public synchronized void forget() {
        values = null;
        readAt = null;
        nextRead = Instant.MIN;
    }

    private void read(Instant now) {
        String current;
        try {
            current = checked(fetcher.fetch(secretId, SecretFetcher.CURRENT,
                    values == null ? FIRST_READ_TIMEOUT : REFRESH_TIMEOUT));
        } catch (RuntimeException e) {
            failed(now, SecretFetcher.CURRENT, e);
            return;
        }
        List<String> read = new ArrayList<>(2);
        read.add(current);
        Instant next = now.plus(maxAge);
        try {
            String previous = checked(fetcher.fetch(secretId, SecretFetcher.PREVIOUS, REFRESH_TIMEOUT));
            if (!previous.equals(current)) {
                read.add(previous);
            }
        } catch (SecretReadException e) {
            if (!SecretFetcher.NOT_FOUND.equals(e.errorCode())) {
                log.secretUnreadable(e, SecretFetcher.PREVIOUS, "the current value alone");
                next = now.plus(RETRY_INTERVAL);
            }
        } catch (RuntimeException e) {
            log.secretUnreadable(asReadException(e), SecretFetcher.PREVIOUS, "the current value alone");
            next = now.plus(RETRY_INTERVAL);
        }
        values = List.copyOf(read);
        readAt = now;
        nextRead = next;
        lastFailure = null;
    }

    private void failed(Instant now, String stage, RuntimeException e) {
        lastFailure = asReadException(e);
        nextRead = now.plus(RETRY_INTERVAL);
        log.secretUnreadable(lastFailure, stage, values == null ? "none" : "the copy read at " + readAt);
    }

    private String checked(String value) {
        try {
            return check.apply(value);
        } catch (IllegalArgumentException e) {
            throw new SecretReadException(secretId, "InvalidSecretValue", e.getMessage(), null);
        }
    }

    private SecretReadException asReadException(RuntimeException e) {
        return e instanceof SecretReadException r ? r
                : new SecretReadException(secretId, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
    }
}
