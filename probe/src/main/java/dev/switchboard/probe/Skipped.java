package dev.switchboard.probe;

/** A case cannot run against this target with these options; the message is the reason. */
public final class Skipped extends RuntimeException {
    public Skipped(String reason) {
        super(reason, null, false, false);
    }
}
