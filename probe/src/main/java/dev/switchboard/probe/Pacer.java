package dev.switchboard.probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the probe below the stage throttle and the web ACL's per-IP rule, across every target of a run (one web ACL
 * is shared by every distribution): a token bucket for all frames and handshakes at {@code share} of the stage's rate
 * and burst, and a sliding 5-minute count of handshakes (the only requests the WAF sees of a WebSocket) at most
 * {@link #WAF_SHARE} of the per-IP limit, waiting when the next handshake would cross it. Each probe user's frames
 * also keep below the user's own message rate (docs/protocol.md, Rate limit: all of a user's connections share one
 * bucket), so that a case which expects an answer never meets RATE_LIMITED because the cases before it spent the
 * user's bucket; the cases that test the rate limit send over it on purpose ({@link #frameOverRate}).
 */
public final class Pacer {
    static final Duration WAF_WINDOW = Duration.ofMinutes(5);
    /** The part of the web ACL's per-IP rule a run may use: a quarter, so a run never comes near a block. */
    public static final double WAF_SHARE = 0.25;
    private final double ratePerNano;
    private final double burst;
    private final int handshakesPerWindow;
    private final Deque<Long> handshakes = new ArrayDeque<>();
    private double tokens;
    private long last = System.nanoTime();
    private final double userRatePerNano;
    private final double userBurst;
    private final Map<String, double[]> users = new HashMap<>();

    /**
     * @param stageRate  the stage's steady rate (requests per second), blueprint default 500
     * @param stageBurst the stage's burst, blueprint default 1000
     * @param wafPerIp   the web ACL's rate-based rule, requests per IP per 5 minutes, blueprint default 1000
     * @param share      the fraction of the stage's rate and burst the probe may use, e.g. 0.1
     * @param userRate   a user's message rate (blueprint {@code limits.messageRatePerSecond}, default 10)
     * @param userBurst  a user's burst (blueprint {@code limits.messageBurst}, default 20)
     */
    public Pacer(double stageRate, int stageBurst, int wafPerIp, double share, int userRate, int userBurst) {
        // a margin for arrival jitter: the server's clock sees a frame later than the probe sends it
        this.userRatePerNano = USER_SHARE * userRate / 1e9;
        this.userBurst = Math.max(1, userBurst - 2);
        this.ratePerNano = stageRate * share / 1e9;
        this.burst = Math.max(1, stageBurst * share);
        this.tokens = burst;
        this.handshakesPerWindow = Math.max(1, (int) (wafPerIp * WAF_SHARE));
    }

    /** The handshakes a run may make in one 5-minute window. */
    public int handshakeBudget() {
        return handshakesPerWindow;
    }

    /** The part of a user's message rate the probe's own pacing uses. */
    static final double USER_SHARE = 0.8;

    /**
     * Waits until {@code user} may send one more frame. A user's bucket starts empty: a run cannot know what the same
     * user spent just before it (an earlier run, a client of the same token), so it assumes the worst.
     */
    public synchronized void frame(String user) {
        double[] b = user(user);
        while (b[0] < 1) {
            sleepNanos((long) ((1 - b[0]) / userRatePerNano));
            user(user);
        }
        b[0] -= 1;
        take();
    }

    /** Counts a frame {@code user} sends over the rate on purpose, without waiting (the rate-limit cases). */
    public synchronized void frameOverRate(String user) {
        user(user)[0] -= 1;
        take();
    }

    /** {@code user}'s bucket, refilled to now: {tokens, last nanoTime}. */
    private double[] user(String user) {
        long now = System.nanoTime();
        double[] b = users.computeIfAbsent(user, u -> new double[] {0, now});
        b[0] = Math.min(userBurst, b[0] + (now - (long) b[1]) * userRatePerNano);
        b[1] = now;
        return b;
    }

    /** Waits until one more handshake may be made. */
    public synchronized void handshake() {
        long now = System.nanoTime();
        while (!handshakes.isEmpty() && now - handshakes.peekFirst() > WAF_WINDOW.toNanos()) {
            handshakes.removeFirst();
        }
        if (handshakes.size() >= handshakesPerWindow) {
            sleepNanos(WAF_WINDOW.toNanos() - (now - handshakes.peekFirst()));
            handshakes.removeFirst();
        }
        handshakes.addLast(System.nanoTime());
        take();
    }

    private void take() {
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            sleepNanos((long) ((1 - tokens) / ratePerNano));
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailure("interrupted while pacing");
        }
    }
}
