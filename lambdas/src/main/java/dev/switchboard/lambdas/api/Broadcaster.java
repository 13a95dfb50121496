package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *
 * <p>A fan-out with a deadline (the invocation's end, {@link WebSocketRequest#deadlineMillis()}) stops waiting
 * {@link #DEADLINE_MARGIN_MILLIS} before it, cancels the posts not yet made and reports them, with the posts still in
 * flight, as {@code undelivered}, so that the handler can still answer the sender before Lambda stops it.
 *
 * <p>Connections: the management API client rides on the JDK's HTTP keep-alive cache, which keeps only
 * {@code http.maxConnections} (default 5) idle connections per host; with more posts in flight every post beyond
 * that closes its connection and the next one opens (and, on AWS, TLS-handshakes) a new one. {@link #keepAliveUpTo}
 * raises the limit to the fan-out concurrency before the first connection is made.
 */
public class Broadcaster {
    public static final int MAX_THROTTLE_RETRIES = 4;
    public static final long BASE_BACKOFF_MILLIS = 25;
    /** Longer than API Gateway's 29 s integration timeout: by then a {@code $connect} has returned or failed. */
    public static final long CONNECT_GRACE_MILLIS = 30_000;

    /** Stop a fan-out this long before the invocation's deadline: time to answer the sender and log. */
    public static final long DEADLINE_MARGIN_MILLIS = 1_000;

    /**
     * What one fan-out did: {@code undelivered} counts the recipients it did not reach (or could not confirm)
     * because it stopped at the deadline.
     */
    public record Result(int recipients, int delivered, int gone, int failed, int undelivered) {
        public Result(int recipients, int delivered, int gone, int failed) {
            this(recipients, delivered, gone, failed, 0);
        }
    }

    /**
     * Lets the JDK keep-alive cache (which the URL-connection HTTP client uses) hold {@code concurrency} idle
     * connections per host instead of 5, unless {@code http.maxConnections} is already set at least that high. The JDK
     * reads the property once, when it first caches a connection, so call this before the first request
     * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/doc-files/net-properties.html).
     */
    public static void keepAliveUpTo(int concurrency) {
        String current = System.getProperty("http.maxConnections");
        int now = 0;
        try {
            now = current == null ? 0 : Integer.parseInt(current.trim());
        } catch (NumberFormatException e) {
            now = 0;
        }
        if (now < concurrency) {
            System.setProperty("http.maxConnections", Integer.toString(concurrency));
        }
    }

    private final ManagementApi api;
    private final ConnectionRepository repository;
    private final ThreadPoolExecutor pool;
    private final LongSupplier clock;

    public Broadcaster(ManagementApi api, ConnectionRepository repository, int concurrency) {
        this(api, repository, concurrency, System::currentTimeMillis);
    }

    public Broadcaster(ManagementApi api, ConnectionRepository repository, int concurrency, LongSupplier clock) {
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
     * Posts {@code frame} to every recipient except {@code senderConnectionId}, stopping at the running invocation's
     * deadline ({@link InvocationDeadline}) when there is one: presence and a custom route's fan-out cannot make an
     * invocation outlive its timeout (docs/faults.md).
     *
     * @param room the room the recipients were read from (its by-room items are purged on 410), or null
     */
    public Result fanOut(List<Member> recipients, byte[] frame, String senderConnectionId, String room) {
        return fanOut(recipients, frame, senderConnectionId, room, InvocationDeadline.millis());
    }

    /**
     * Posts {@code frame} to every recipient except {@code senderConnectionId}, stopping
     * {@link #DEADLINE_MARGIN_MILLIS} before {@code deadlineMillis} (epoch ms, wall clock).
     *
     * @param room the room the recipients were read from (its by-room items are purged on 410), or null
     */
    public Result fanOut(List<Member> recipients, byte[] frame, String senderConnectionId, String room,
                         long deadlineMillis) {
        long stopAt = deadlineMillis == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineMillis - DEADLINE_MARGIN_MILLIS;
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
        int undelivered = 0;
        for (int i = 0; i < futures.size(); i++) {
            Future<ManagementApi.Outcome> f = futures.get(i);
            ManagementApi.Outcome o;
            try {
                o = stopAt == Long.MAX_VALUE ? f.get()
                        : f.get(Math.max(0, stopAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException deadline) {
                for (Future<ManagementApi.Outcome> rest : futures.subList(i, futures.size())) {
                    if (rest.cancel(true) || rest.isCancelled()) {
                        undelivered++;
                        continue;
                    }
                    switch (outcome(rest)) {
                        case DELIVERED -> delivered++;
                        case GONE -> gone++;
                        default -> failed++;
                    }
                }
                break;
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
        return new Result(futures.size(), delivered, gone, failed, undelivered);
    }

    /** The outcome of a finished post. */
    private static ManagementApi.Outcome outcome(Future<ManagementApi.Outcome> done) {
        try {
            return done.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return ManagementApi.Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ManagementApi.Outcome.FAILED;
        }
    }

    private ManagementApi.Outcome deliver(Member m, byte[] frame, String sender, String room) throws InterruptedException {
        ManagementApi.Outcome o = post(api, m, frame);
        if (o == ManagementApi.Outcome.GONE && !m.connectionId().equals(sender) && !stillConnecting(m)) {
            repository.purge(m.connectionId(), room);
        }
        return o;
    }

    /**
     * One post, a throttled one (429) retried {@link #MAX_THROTTLE_RETRIES} times with exponential backoff and jitter
     * from {@link #BASE_BACKOFF_MILLIS}; still throttled after that, it is FAILED. Replies to the sender (acks and error
     * frames of one-way routes) go the same way as the fan-out's posts: a 429 must not lose an ack.
     */
    public static ManagementApi.Outcome post(ManagementApi api, Member m, byte[] frame) throws InterruptedException {
        ManagementApi.Outcome o = api.post(m, frame);
        for (int retry = 0; o == ManagementApi.Outcome.THROTTLED && retry < MAX_THROTTLE_RETRIES; retry++) {
            long cap = BASE_BACKOFF_MILLIS << retry;
            TimeUnit.MILLISECONDS.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
            o = api.post(m, frame);
        }
        return o == ManagementApi.Outcome.THROTTLED ? ManagementApi.Outcome.FAILED : o;
    }

    private boolean stillConnecting(Member m) {
        return m.connectedAt() > 0 && clock.getAsLong() - m.connectedAt() < CONNECT_GRACE_MILLIS;
    }
}
