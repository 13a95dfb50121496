package dev.switchboard.lambdas.api;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The running invocation's deadline on its handler thread, so that every AWS call the handler makes gives up before
 * Lambda stops the invocation: a call's timeout is the time left minus a margin, at most the client's own timeout.
 * Without it, a few slow DynamoDB answers in one invocation (each up to the client's 3 s attempt timeout, retried)
 * added up past the function's 10 s timeout under the fault suite's 5 % faults (docs/faults.md), and Lambda killed
 * invocations mid-write. Threads a handler starts itself (the fan-out's posts) have no deadline here: the fan-out
 * stops at the deadline on its own ({@link Broadcaster}).
 */
public final class InvocationDeadline {
    /** Time kept for what follows a DynamoDB call that gave up: the error reply's post and the log line. */
    public static final long STORE_MARGIN_MILLIS = 1_000;
    /** Time kept after the reply's post: the log line and the answer to the runtime. */
    public static final long POST_MARGIN_MILLIS = 200;
    private static final long SHORTEST_MILLIS = 1;
    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    private InvocationDeadline() {
    }

    static void set(long deadlineMillis) {
        if (deadlineMillis == Long.MAX_VALUE) {
            CURRENT.remove();
        } else {
            CURRENT.set(deadlineMillis);
        }
    }

    static void clear() {
        CURRENT.remove();
    }

    /** The running invocation's deadline (epoch ms) on this thread, or {@link Long#MAX_VALUE} when there is none. */
    public static long millis() {
        Long deadline = CURRENT.get();
        return deadline == null ? Long.MAX_VALUE : deadline;
    }

    /**
     * Runs {@code work} on this thread with {@code deadlineMillis} (epoch ms; {@link Long#MAX_VALUE}: none) as the
     * invocation's deadline, then clears it: how a handler's entry point sets it.
     */
    public static <T> T until(long deadlineMillis, Supplier<T> work) {
        set(deadlineMillis);
        try {
            return work.get();
        } finally {
            clear();
        }
    }

    /**
     * Runs {@code work} as if the invocation ended {@code reserveMillis} sooner, so that what must follow it when it
     * fails (a clean-up) still has that time: its calls are cut that much earlier. Without a deadline, just runs it.
     */
    public static <T> T reserving(long reserveMillis, Supplier<T> work) {
        Long deadline = CURRENT.get();
        if (deadline == null) {
            return work.get();
        }
        CURRENT.set(deadline - reserveMillis);
        try {
            return work.get();
        } finally {
            CURRENT.set(deadline);
        }
    }

    /**
     * How long a call on this thread may take: {@code cap}, or less when the invocation's deadline minus
     * {@code marginMillis} comes sooner (at least 1 ms, so a call with no time left fails at once); {@code cap} itself
     * when this thread has no deadline.
     */
    public static Duration callTimeout(Duration cap, long marginMillis) {
        Long deadline = CURRENT.get();
        if (deadline == null) {
            return cap;
        }
        long left = deadline - marginMillis - System.currentTimeMillis();
        return Duration.ofMillis(Math.max(SHORTEST_MILLIS, Math.min(cap.toMillis(), left)));
    }
}
