package dev.switchboard.lambdas;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fans one frame out to many connections with at most {@code concurrency} posts in flight (a small pool of daemon
 * threads over the sync client; threads start on demand and stop after 30 s idle). A recipient that answers 410 Gone
 * has its records deleted and the fan-out carries on; a throttled post (429) is retried with exponential backoff and
 * jitter (up to {@link #MAX_THROTTLE_RETRIES} retries from {@link #BASE_BACKOFF_MILLIS}); the sender is never posted
 * to and never purged. A fan-out never fails because recipients are gone.
 *
 * <p>A recipient younger than {@link #CONNECT_GRACE_MILLIS} that answers 410 is not purged: API Gateway answers 410
 * to a post to a connection whose {@code $connect} has not returned yet (a user joining a room with {@code ?room=} is
 * a member before its handshake completes), and purging it would silently drop a live connection from its rooms.
 * If its {@code $connect} fails, the records expire with their TTL.
 */
public class Broadcaster {
    public static final int MAX_THROTTLE_RETRIES = 4;
    public static final long BASE_BACKOFF_MILLIS = 25;
    /** Longer than API Gateway's 29 s integration timeout: by then a {@code $connect} has returned or failed. */
    public static final long CONNECT_GRACE_MILLIS = 30_000;

    /** What one fan-out did. */
    public record Result(int recipients, int delivered, int gone, int failed) {
    }

    private final ManagementApi api;
    private final ConnectionRepository repository;
    private final ThreadPoolExecutor pool;
    private final LongSupplier clock;

    public Broadcaster(ManagementApi api, ConnectionRepository repository, int concurrency) {
        this(api, repository, concurrency, System::currentTimeMillis);
    }

    Broadcaster(ManagementApi api, ConnectionRepository repository, int concurrency, LongSupplier clock) {
        this.api = api;
        this.repository = repository;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "fanout-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Posts {@code frame} to every recipient except {@code senderConnectionId}.
     *
     * @param room the room the recipients were read from (its by-room items are purged on 410), or null
     */
    public Result fanOut(List<Member> recipients, byte[] frame, String senderConnectionId, String room) {
        List<Future<ManagementApi.Outcome>> futures = new ArrayList<>(recipients.size());
        for (Member m : recipients) {
            if (m.connectionId().equals(senderConnectionId)) {
                continue;
            }
            futures.add(pool.submit(() -> deliver(m, frame, senderConnectionId, room)));
        }
        int delivered = 0;
        int gone = 0;
        int failed = 0;
        for (Future<ManagementApi.Outcome> f : futures) {
            ManagementApi.Outcome o;
            try {
                o = f.get();
            } catch (ExecutionException e) {
                o = ManagementApi.Outcome.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                o = ManagementApi.Outcome.FAILED;
            }
            switch (o) {
                case DELIVERED -> delivered++;
                case GONE -> gone++;
                default -> failed++;
            }
        }
        return new Result(futures.size(), delivered, gone, failed);
    }

    private ManagementApi.Outcome deliver(Member m, byte[] frame, String sender, String room) throws InterruptedException {
        ManagementApi.Outcome o = api.post(m, frame);
        for (int retry = 0; o == ManagementApi.Outcome.THROTTLED && retry < MAX_THROTTLE_RETRIES; retry++) {
            long cap = BASE_BACKOFF_MILLIS << retry;
            TimeUnit.MILLISECONDS.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
            o = api.post(m, frame);
        }
        if (o == ManagementApi.Outcome.THROTTLED) {
            return ManagementApi.Outcome.FAILED;
        }
        if (o == ManagementApi.Outcome.GONE && !m.connectionId().equals(sender) && !stillConnecting(m)) {
            repository.purge(m.connectionId(), room);
        }
        return o;
    }

    private boolean stillConnecting(Member m) {
        return m.connectedAt() > 0 && clock.getAsLong() - m.connectedAt() < CONNECT_GRACE_MILLIS;
    }
}
