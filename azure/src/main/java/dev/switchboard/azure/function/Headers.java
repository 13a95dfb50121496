package dev.switchboard.azure.function;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Request headers looked up case-insensitively (HTTP header names are; the Functions host may change their case). */
public final class Headers {
    private final Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public Headers(Map<String, String> headers) {
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null) {
                    byName.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
    }

    /** The header's value, or null. */
    public String get(String name) {
        return byName.get(name);
    }
}
