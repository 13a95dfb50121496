package dev.switchboard.blueprint;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** Validation helpers shared by the records; each failure names the field and the fix. */
final class Check {
    private Check() {
    }

    static String notBlank(String field, String value, String fix) {
        if (value == null || value.isBlank()) {
            throw new BlueprintException(field, "must not be empty", fix);
        }
        return value;
    }

    static int positive(String field, int value) {
        if (value <= 0) {
            throw new BlueprintException(field, "must be greater than zero, got " + value, "set a positive value");
        }
        return value;
    }

    static double positive(String field, double value) {
        if (!(value > 0)) {
            throw new BlueprintException(field, "must be greater than zero, got " + value, "set a positive value");
        }
        return value;
    }

    static int between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BlueprintException(field, "must be between " + min + " and " + max + ", got " + value,
                    "choose a value in [" + min + ", " + max + "]");
        }
        return value;
    }

    static <T, K> void unique(String field, Collection<T> items, Function<T, K> key) {
        Set<K> seen = new HashSet<>();
        int i = 0;
        for (T item : items) {
            K k = key.apply(item);
            if (!seen.add(k)) {
                throw new BlueprintException(field + "[" + i + "]", "duplicate '" + k + "'", "list each value once");
            }
            i++;
        }
    }
}
