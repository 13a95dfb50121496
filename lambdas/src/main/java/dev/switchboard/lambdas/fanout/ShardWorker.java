package dev.switchboard.lambdas.fanout;

import dev.switchboard.lambdas.api.Broadcaster;
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
     */
    public record Outcome(boolean complete, int delivered, int gone, int failed, int skipped) {
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

    public Outcome deliver(Shard shard) {
        FanoutStore.Progress progress = store.progress(shard.id(), shard.shard());
        List<Member> rs = shard.recipients();
        if (progress.done()) {
            return new Outcome(true, 0, 0, 0, rs.size());
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
        if (delivered + gone > 0 || complete) {
            store.saveProgress(shard.id(), shard.shard(), reached, complete, clock.getAsLong() / 1000 + ttlSeconds);
        }
        return new Outcome(complete, delivered, gone, failed, skipped);
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
