package dev.switchboard.probe.faults;

/**
 * The fault the wrapped handlers inject, one at a time; {@link #NONE} makes every wrapper a plain delegate to the
 * reference handler. Set by the test between probe runs (the gateway builds each handler once).
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

    private static volatile Fault active = NONE;

    public static Fault active() {
        return active;
    }

    public static void activate(Fault f) {
        active = f;
    }
}
