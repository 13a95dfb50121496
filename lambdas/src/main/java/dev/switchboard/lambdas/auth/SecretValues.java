package dev.switchboard.lambdas.auth;

import java.util.List;
import java.util.Objects;

/** The values a secret may currently have (the newest first). Implementations are thread-safe. */
public interface SecretValues {
    /**
     * @return at least one value
     * @throws VerifierUnavailableException when no value can be had (the secret was never read successfully)
     */
    List<String> values();

    /** A value given in the configuration (the local API and tests): never changes, never fails. */
    static SecretValues fixed(String value) {
        List<String> values = List.of(Objects.requireNonNull(value, "value"));
        return () -> values;
    }
}
