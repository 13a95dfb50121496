package dev.switchboard.lambdas.api;

/** Test access to {@link InvocationDeadline}'s package-private setters. */
public final class InvocationDeadlines {
    private InvocationDeadlines() {
    }

    public static void setForTests(long deadlineMillis) {
        InvocationDeadline.set(deadlineMillis);
    }

    public static void clearForTests() {
        InvocationDeadline.clear();
    }
}
