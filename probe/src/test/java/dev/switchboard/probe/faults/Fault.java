package dev.switchboard.probe.faults;

import java.util.Map;

/**
 * The fault the wrapped handlers inject, one per gateway: {@link FaultBlueprint} writes it into the wrapped functions'
 * environment ({@link #ENV}), so gateways with different faults can run side by side in one JVM. {@link #NONE} makes
 * every wrapper a plain delegate to the reference handler.
 */
public enum Fault {
    NONE,
    /** The drop proxy swallows the second post of every {@code message} (the sender's ack still counts it). */
    MESSAGE_DROPPED,
    /** {@code $default} answers BAD_JSON where it should answer UNKNOWN_ACTION. */
    WRONG_ERROR_CODE,
    /** {@code $disconnect} does nothing: the closed connection stays in its rooms. */
    NO_CLEANUP,
    /** {@code send} runs with MAX_DATA_BYTES one below the blueprint's: the largest legal data is refused. */
    LARGEST_REFUSED,
    /** {@code whisper} runs against a table that does not exist: every whisper answers INTERNAL. */
    INTERNAL;

    /** The variable of a wrapped function's environment that names its gateway's fault. */
    public static final String ENV = "SWITCHBOARD_PROBE_FAULT";

    /** The fault a wrapped function's environment names; {@link #NONE} if it names none. */
    static Fault of(Map<String, String> env) {
        return valueOf(env.getOrDefault(ENV, NONE.name()));
    }
}
