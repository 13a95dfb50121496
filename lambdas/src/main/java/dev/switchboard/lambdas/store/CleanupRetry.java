package dev.switchboard.lambdas.store;

import dev.switchboard.lambdas.api.InvocationDeadline;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs {@code $disconnect}'s clean-up again until it is done or the invocation's time runs out. API Gateway calls
 * {@code $disconnect} once and never again ("$disconnect is a best-effort event",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html),
 * so a clean-up that fails after the SDK's own three attempts leaves the connection's records, and the per-user slot
 * that counts against the user's connection cap, until their TTL. The fault matrix at 20 % injected faults left four
 * such connections of 200 (BENCHMARKS.md, "Fault matrix"). Every step of the clean-up is idempotent (a room already
 * left is skipped, a deleted record deletes again without error, a slot is released by its holder's id), so a pass
 * repeats what is left. The fan-out's progress write goes through it too (a shard's progress record is written whole,
 * so writing it again is idempotent).
 *
 * <p>Retried: throttling, 5xx and client-side failures (timeouts, resets), the errors the SDK itself retries. Not
 * retried: any other 4xx, and anything that is not an SDK error (a bug stays loud). A pass starts only while the
 * invocation has at least {@link #MIN_PASS_MILLIS} left besides {@link InvocationDeadline#STORE_MARGIN_MILLIS}; without
 * a deadline (a caller with no Lambda context) at most {@link #PASSES_WITHOUT_DEADLINE} passes run.
 */
public final class CleanupRetry {
    /** The pause before the second pass; it doubles each pass up to {@link #MAX_BACKOFF_MILLIS}. */
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 800;
    /** The least time a pass needs to be worth starting: a few DynamoDB calls. */
    static final long MIN_PASS_MILLIS = 500;
    static final int PASSES_WITHOUT_DEADLINE = 5;

    private CleanupRetry() {
    }

    /** Runs {@code pass} until it returns, retrying what is retryable while time is left; rethrows the last error. */
    public static <T> T untilDone(Supplier<T> pass) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int passes = 1; ; passes++) {
            try {
                return pass.get();
            } catch (SdkException e) {
                if (!retryable(e) || !timeForAnother(passes, backoff)) {
                    throw e;
                }
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static boolean timeForAnother(int passesDone, long backoff) {
        long deadline = InvocationDeadline.millis();
        if (deadline == Long.MAX_VALUE) {
            return passesDone < PASSES_WITHOUT_DEADLINE;
        }
        long left = deadline - System.currentTimeMillis() - backoff;
        return left >= InvocationDeadline.STORE_MARGIN_MILLIS + MIN_PASS_MILLIS;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between clean-up passes", e);
        }
    }
}
