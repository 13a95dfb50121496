package dev.switchboard.lambdas.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SecretFetcher} for tests that keeps Secrets Manager's two labels per secret: {@link #put} moves AWSCURRENT
 * to a new value and AWSPREVIOUS to the value that was current, {@link #removePrevious} takes AWSPREVIOUS away (as
 * UpdateSecretVersionStage does), {@link #fail} makes every read fail. Counts reads.
 */
public final class FakeSecrets implements SecretFetcher {
    private final Map<String, String> current = new HashMap<>();
    private final Map<String, String> previous = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final List<Duration> timeouts = new ArrayList<>();

    /** Puts a new value: it becomes AWSCURRENT, the old current one AWSPREVIOUS. Clears the failure. */
    public synchronized FakeSecrets put(String id, String value) {
        String old = current.put(id, value);
        if (old != null) {
            previous.put(id, old);
        }
        failures.remove(id);
        return this;
    }

    /** Removes AWSPREVIOUS from the old version: the end of a rotation's overlap, or a revocation. */
    public synchronized FakeSecrets removePrevious(String id) {
        previous.remove(id);
        return this;
    }

    /** Makes every read of the secret fail with this Secrets Manager error code. */
    public synchronized FakeSecrets fail(String id, String errorCode) {
        failures.put(id, errorCode);
        return this;
    }

    @Override
    public synchronized String fetch(String secretId, String versionStage, Duration timeout) {
        reads.add(secretId + ":" + versionStage);
        timeouts.add(timeout);
        String failure = failures.get(secretId);
        if (failure != null) {
            throw new SecretReadException(secretId, failure, "fake failure", null);
        }
        String value = switch (versionStage) {
            case CURRENT -> current.get(secretId);
            case PREVIOUS -> previous.get(secretId);
            default -> throw new IllegalArgumentException("unknown stage " + versionStage);
        };
        if (value == null) {
            throw new SecretReadException(secretId, NOT_FOUND, "no version labelled " + versionStage, null);
        }
        return value;
    }

    /** The reads so far, as {@code id:stage}, in order. */
    public synchronized List<String> reads() {
        return List.copyOf(reads);
    }

    /** The time budget of each read so far, in order. */
    public synchronized List<Duration> timeouts() {
        return List.copyOf(timeouts);
    }

    /** The secrets read so far (each once per read of a label). */
    public synchronized List<String> readIds() {
        return reads.stream().map(r -> r.substring(0, r.lastIndexOf(':'))).toList();
    }
}
