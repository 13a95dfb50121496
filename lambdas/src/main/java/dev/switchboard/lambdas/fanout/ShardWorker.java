package dev.switchboard.lambdas.fanout;

import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.InvocationDeadline;
import dev.switchboard.lambdas.store.CleanupRetry;
import dev.switchboard.lambdas.store.Member;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Delivers one shard exactly as far as it has not been delivered: reads the shard's progress, posts the frame to each
 * recipient not yet reached through the shipped {@link Broadcaster} (its bounded pool, throttle retries, 410 purges
 * and connect grace), then records whom it reached. A retried shard (after a failed post, a timeout or a crash after
 * the progress write) posts only to the rest; a crash between the posts and the progress write repeats those posts,
 * which receivers drop by the frame's {@code id} (docs/fanout.md).
 */
public final class ShardWorker {
    /**
     * What one delivery of a shard did.
     *
     * @param complete  every recipient is reached (delivered or gone): the shard is done
     * @param delivered posts delivered now
     * @param gone      recipients found gone now (purged)
     * @param failed    posts that failed now (the shard is retried for them)
     * @param skipped   recipients reached by an earlier delivery of this shard
     * @param kept      whether the progress record says what this delivery reached (false: a complete shard whose
     *                  record could not be written)
     */
    public record Outcome(boolean complete, int delivered, int gone, int failed, int skipped, boolean kept) {
    }

    private final Broadcaster broadcaster;
    private final FanoutStore store;
    private final ThreadPoolExecutor pool;
    private final LongSupplier clock;
    private final long ttlSeconds;
    private final PostRate rate;

    public ShardWorker(Broadcaster broadcaster, FanoutStore store, int concurrency, long ttlSeconds, LongSupplier clock) {
        this(broadcaster, store, concurrency, ttlSeconds, clock, new PostRate(0));
    }

    /** @param rate spaces this instance's posts (the account throttle's share of one instance) */
    public ShardWorker(Broadcaster broadcaster, FanoutStore store, int concurrency, long ttlSeconds, LongSupplier clock,
                       PostRate rate) {
        this.rate = rate;
        this.broadcaster = broadcaster;
        this.store = store;
        this.clock = clock;
        this.ttlSeconds = ttlSeconds;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "shard-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Posts {@code shard} to the recipients it has not reached and writes its progress.
     *
     * <p>A complete shard is complete even when its progress cannot be written: reporting it failed would make SQS
     * deliver it again and post to every recipient a second time; without the record only a repeated delivery of the
     * same message (rare on a standard queue) posts again. An incomplete shard is retried by SQS, so its progress must
     * be written for the retry to skip whom it reached now. Either write is tried again while the invocation has time
     * ({@link CleanupRetry}, bounded by this thread's {@link InvocationDeadline}); if an incomplete shard's progress is
     * never written, this throws (the shard is retried and those recipients get the frame again, which clients drop
     * by its {@code id}).
     *
     * @throws IllegalStateException when an incomplete shard's progress could not be written
     */
    public Outcome deliver(Shard shard) {
        FanoutStore.Progress progress = store.progress(shard.id(), shard.shard());
        List<Member> rs = shard.recipients();
        if (progress.done()) {
            return new Outcome(true, 0, 0, 0, rs.size(), true);
        }
        byte[] frame = shard.frameRef() ? store.frame(shard.id()) : shard.frame();
        BitSet reached = (BitSet) progress.reached().clone();
        List<Integer> indexes = new ArrayList<>();
        List<Future<Broadcaster.Result>> posts = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < rs.size(); i++) {
            Member m = rs.get(i);
            if (reached.get(i) || m.connectionId().equals(shard.sender())) {
                reached.set(i);
                skipped++;
                continue;
            }
            indexes.add(i);
            posts.add(pool.submit(() -> {
                rate.acquire();
                return broadcaster.fanOut(List.of(m), frame, shard.sender(), shard.room());
            }));
        }
        int delivered = 0;
        int gone = 0;
        int failed = 0;
        for (int k = 0; k < posts.size(); k++) {
            Broadcaster.Result r = result(posts.get(k));
            if (r != null && r.delivered() == 1) {
                delivered++;
                reached.set(indexes.get(k));
            } else if (r != null && r.gone() == 1) {
                gone++;
                reached.set(indexes.get(k));
            } else {
                failed++;
            }
        }
        boolean complete = failed == 0;
        boolean kept = true;
        if (complete) {
            kept = keep(shard, reached, true);
        } else if (delivered + gone > 0) {
            kept = keep(shard, reached, false);
            if (!kept) {
                throw new IllegalStateException("the progress of shard " + shard.shard() + " of message " + shard.id()
                        + " could not be written: its retry posts again to the " + (delivered + gone)
                        + " recipients reached now");
            }
        }
        return new Outcome(complete, delivered, gone, failed, skipped, kept);
    }

    /** Writes the progress, again while the invocation has time for it ({@link CleanupRetry}); whether it was written. */
    private boolean keep(Shard shard, BitSet reached, boolean done) {
        try {
            CleanupRetry.untilDone(() -> {
                store.saveProgress(shard.id(), shard.shard(), reached, done, clock.getAsLong() / 1000 + ttlSeconds);
                return null;
            });
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    private static Broadcaster.Result result(Future<Broadcaster.Result> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
