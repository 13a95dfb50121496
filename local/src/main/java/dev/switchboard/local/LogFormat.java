package dev.switchboard.local;

import java.util.Locale;

/**
 * What {@code ./switchboard local} writes on standard out while it runs ({@code --log}). The launcher passes
 * {@link #READABLE} when its standard out is a terminal and {@link #JSON} otherwise; {@link Main} defaults to JSON.
 */
enum LogFormat {
    /** One line per invocation and a reason for every refused handshake ({@link ReadableLog}). */
    READABLE,
    /** The handlers' own Lambda log and embedded-metric lines, one JSON object a line, as CloudWatch gets them. */
    JSON;

    /** The format named by {@code --log}; a bad name is a usage error that names both formats. */
    static LogFormat parse(String value) {
        for (LogFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--log: '" + value + "' is not a log format (readable or json)");
    }
}
