package dev.switchboard.probe;

/** A case's expectation did not hold; the message says what was expected and what came instead. */
public class ProbeFailure extends RuntimeException {
    public ProbeFailure(String message) {
        super(message, null, false, false);
    }
}
