package dev.switchboard.probe;

/**
 * One conformance case: a name that says what it proves (the JUnit test name), and its body, which throws
 * {@link ProbeFailure} when the target breaks the contract and {@link Skipped} when it cannot run here.
 */
public record Case(String name, Body body) {
    /** The steps of a case, against one target. */
    @FunctionalInterface
    public interface Body {
        void run(ProbeContext ctx) throws Exception;
    }
}
