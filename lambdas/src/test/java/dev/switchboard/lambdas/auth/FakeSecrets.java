package dev.switchboard.lambdas.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SecretFetcher} for tests: values and failures per secret id, set and changed by the test; counts reads. */
public final class FakeSecrets implements SecretFetcher {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final List<String> reads = new ArrayList<>();

    /** Stores (or replaces) the secret's value and clears its failure. */
    public FakeSecrets put(String id, String value) {
        values.put(id, value);
        failures.remove(id);
        return this;
    }

    /** Makes every read of the secret fail with this Secrets Manager error code. */
    public FakeSecrets fail(String id, String errorCode) {
        failures.put(id, errorCode);
        return this;
    }

    @Override
    public synchronized String fetch(String secretId) {
        reads.add(secretId);
        String failure = failures.get(secretId);
        if (failure != null) {
            throw new SecretReadException(secretId, failure, "fake failure", null);
        }
        String value = values.get(secretId);
        if (value == null) {
            throw new SecretReadException(secretId, "ResourceNotFoundException", "no such secret", null);
        }
        return value;
    }

    /** The ids read so far, in order. */
    public synchronized List<String> reads() {
        return List.copyOf(reads);
    }
}
