package dev.switchboard.lambdas.fanout;

import java.util.concurrent.TimeUnit;

/**
 * Spaces one fan-out instance's posts to at most {@code perSecond} a second (a token bucket of one second's burst), so
 * that {@code maximumConcurrency} instances together stay below the share of the account's {@code @connections}
 * throttle that {@code FanoutSpec.postsPerSecond} budgets (docs/fanout.md). Zero or less: unlimited.
 */
public final class PostRate {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public PostRate(int perSecond) {
        this.perNano = perSecond / 1e9;
        this.burst = Math.max(1, perSecond);
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Waits until a post may start. */
    public void acquire() throws InterruptedException {
        if (perNano <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            tokens -= 1;
            wait = tokens >= 0 ? 0 : (long) (-tokens / perNano);
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
