package dev.switchboard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The probe keeps each user below the message rate the server enforces (docs/protocol.md, Rate limit), so a case
 * that expects an answer is never answered RATE_LIMITED because earlier cases spent the user's bucket. Lower bounds
 * only: a slow machine can only make the waits longer.
 */
class PacerTest {
    /** A stage throttle far above the user's rate, so only the user's bucket can make the probe wait. */
    private static Pacer pacer(int userRate, int userBurst) {
        return new Pacer(1_000_000, 1_000_000, 1_000_000, 1.0, userRate, userBurst);
    }

    @Test
    void aUsersFrames_keepBelowTheUsersRate_fromAnEmptyBucket() {
        Pacer p = pacer(100, 10);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            p.frame("alice");
        }
        // the bucket starts empty: 20 frames at 80 % of 100/s take at least 19 / 80 s
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(19 * 1000.0 / 80 - 5);
    }

    @Test
    void usersHaveTheirOwnBuckets() throws Exception {
        Pacer p = pacer(100, 10);
        Thread.sleep(200); // fills nobody's bucket: buckets start when a user first sends
        p.frame("alice");
        long start = System.nanoTime();
        p.frame("bob");
        p.frame("bob");
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(2 * 1000.0 / 80 - 5);
    }

    @Test
    void framesOverTheRate_doNotWait_butTheNextPacedFramePaysForThem() {
        Pacer p = pacer(100, 10);
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            p.frameOverRate("alice");
        }
        assertThat((System.nanoTime() - start) / 1e6).isLessThan(200.0);
        start = System.nanoTime();
        p.frame("alice");
        // 30 frames over an empty bucket: the next may go once 31 tokens have come back at 80/s
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(30 * 1000.0 / 80);
    }
}
