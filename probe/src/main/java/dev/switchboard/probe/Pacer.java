package dev.switchboard.probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the probe below the stage throttle and the web ACL's per-IP rule, across every target of a run (one web ACL
 * is shared by every distribution): a token bucket for all frames and handshakes at {@code share} of the stage's rate
 * and burst, and a sliding 5-minute count of handshakes (the only requests the WAF sees of a WebSocket) at most
 * {@link #WAF_SHARE} of the per-IP limit, waiting when the next handshake would cross it.
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

    /**
     * @param stageRate  the stage's steady rate (requests per second), blueprint default 500
     * @param stageBurst the stage's burst, blueprint default 1000
     * @param wafPerIp   the web ACL's rate-based rule, requests per IP per 5 minutes, blueprint default 1000
     * @param share      the fraction of the stage's rate and burst the probe may use, e.g. 0.1
     */
    public Pacer(double stageRate, int stageBurst, int wafPerIp, double share) {
        this.ratePerNano = stageRate * share / 1e9;
        this.burst = Math.max(1, stageBurst * share);
        this.tokens = burst;
        this.handshakesPerWindow = Math.max(1, (int) (wafPerIp * WAF_SHARE));
    }

    /** The handshakes a run may make in one 5-minute window. */
    public int handshakeBudget() {
        return handshakesPerWindow;
    }

    /** Waits until one more frame may be sent. */
    public synchronized void frame() {
        take();
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
