package dev.switchboard.local;

import dev.switchboard.devkit.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The client side of local/measure.sh, run in its own JVM: opens N connections (connection rate, connections held),
 * measures the round trip of a send in a 2-member room, and the time of one broadcast to a 1,000-member room.
 *
 * <p>Usage: {@code LoadDriver ws://127.0.0.1:PORT/STAGE [connections=10000] [roundTrips=2000] [members=1000]}
 */
public final class LoadDriver {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** One connection whose frames go to a handler. */
    static final class Conn implements WebSocket.Listener {
        volatile WebSocket ws;
        volatile Consumer<String> onFrame = s -> { };
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String s = partial.toString();
                partial.setLength(0);
                onFrame.accept(s);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.complete(1006);
        }

        void send(String s) {
            ws.sendText(s, true).join();
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int roundTrips = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int members = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        DevTokens tokens = DevTokens.defaults().withTtl(Duration.ofHours(2));

        // 1. connections: open n with at most 256 handshakes in flight
        List<Conn> held = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(256);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            Conn c = new Conn();
            all.add(HTTP.newWebSocketBuilder().buildAsync(URI.create(url + "?token=" + tokens.token("load" + i)), c)
                    .handle((w, e) -> {
                        inFlight.release();
                        if (e != null) {
                            failed.incrementAndGet();
                        } else {
                            c.ws = w;
                            synchronized (held) {
                                held.add(c);
                            }
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("connections opened: %d of %d (%d refused) in %.1f s = %.0f connections/s%n",
                held.size(), n, failed.get(), secs, held.size() / secs);
        // every one of them answers a ping: they are really held
        CountDownLatch pongs = new CountDownLatch(held.size());
        AtomicInteger throttled = new AtomicInteger();
        for (Conn c : held) {
            c.onFrame = s -> {
                if (s.contains("Too Many Requests")) {
                    throttled.incrementAndGet();
                }
                pongs.countDown();
            };
        }
        long tp = System.nanoTime();
        for (Conn c : held) {
            c.ws.sendText("{\"action\":\"ping\"}", true);
        }
        boolean allAnswered = pongs.await(120, TimeUnit.SECONDS);
        long closedEarly = held.stream().filter(c -> c.closed.isDone()).count();
        System.out.printf("connections held: %d (all answered a ping: %s, in %.1f s, %d of the answers were the stage"
                        + " throttle's Too Many Requests; closed: %d)%n",
                held.size() - closedEarly, allAnswered, (System.nanoTime() - tp) / 1e9, throttled.get(), closedEarly);
        // let the stage bucket (500/s, burst 1000) refill; below, senders stay under 400 messages/s
        TimeUnit.SECONDS.sleep(3);

        // 2. round trip in 2-member rooms: a sends, b receives (delivery) and a gets its ack (round trip). 50 rooms
        // in turn, so that no connection exceeds the blueprint's per-connection rate (10/s).
        int pairs = 50;
        List<LinkedBlockingQueue<String>> queues = new ArrayList<>();
        for (int k = 0; k < 2 * pairs; k++) {
            LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
            held.get(k).onFrame = q::add;
            queues.add(q);
        }
        for (int k = 0; k < pairs; k++) {
            held.get(2 * k).send("{\"action\":\"join\",\"room\":\"pair" + k + "\"}");
            take(queues.get(2 * k), "\"joined\"");
            held.get(2 * k + 1).send("{\"action\":\"join\",\"room\":\"pair" + k + "\"}");
            take(queues.get(2 * k + 1), "\"joined\"");
            take(queues.get(2 * k), "\"presence\"");
        }
        // the gateway alone: ping answers through the in-process ping handler, no DynamoDB, no management API
        long[] ping = new long[roundTrips];
        for (int i = -Math.min(200, roundTrips / 5); i < roundTrips; i++) {
            int c = Math.floorMod(i, 2 * pairs);
            pace();
            long s = System.nanoTime();
            held.get(c).send("{\"action\":\"ping\"}");
            take(queues.get(c), "pong");
            if (i >= 0) {
                ping[i] = System.nanoTime() - s;
            }
        }
        System.out.printf("ping round trip (gateway + in-process handler, no DynamoDB), %d: p50 %.2f ms p99 %.2f ms%n",
                roundTrips, pct(ping, 50), pct(ping, 99));
        long[] ack = new long[roundTrips];
        long[] delivery = new long[roundTrips];
        int warmup = Math.min(200, roundTrips / 5);
        for (int i = -warmup; i < roundTrips; i++) {
            int k = Math.floorMod(i, pairs);
            int from = 2 * k + (Math.floorMod(i / pairs, 2));
            int to = from ^ 1;
            pace();
            long s = System.nanoTime();
            held.get(from).send("{\"action\":\"send\",\"room\":\"pair" + k + "\",\"data\":" + i + "}");
            take(queues.get(to), "\"message\"");
            long d = System.nanoTime() - s;
            take(queues.get(from), "\"ack\"");
            long r = System.nanoTime() - s;
            if (i >= 0) {
                delivery[i] = d;
                ack[i] = r;
            }
        }
        System.out.printf("send to a 2-member room, %d round trips: delivery p50 %.2f ms p99 %.2f ms;"
                        + " ack (round trip) p50 %.2f ms p99 %.2f ms%n", roundTrips,
                pct(delivery, 50), pct(delivery, 99), pct(ack, 50), pct(ack, 99));

        // 3. broadcast to a room of `members`
        List<Conn> room = held.subList(2 * pairs, 2 * pairs + members);
        CountDownLatch joined = new CountDownLatch(members);
        for (Conn c : room) {
            c.onFrame = s -> {
                if (s.contains("\"joined\"")) {
                    joined.countDown();
                }
            };
        }
        long tj = System.nanoTime();
        for (Conn c : room) {
            pace();
            c.ws.sendText("{\"action\":\"join\",\"room\":\"big\"}", true);
        }
        if (!joined.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("joins incomplete: " + joined.getCount() + " missing");
        }
        System.out.printf("%d joins in %.1f s%n", members, (System.nanoTime() - tj) / 1e9);
        CountDownLatch received = new CountDownLatch(members - 1);
        LinkedBlockingQueue<String> senderQ = new LinkedBlockingQueue<>();
        Conn sender = room.get(0);
        for (Conn c : room) {
            c.onFrame = c == sender ? senderQ::add : s -> {
                if (s.contains("\"type\":\"message\"")) {
                    received.countDown();
                }
            };
        }
        long tb = System.nanoTime();
        sender.send("{\"action\":\"send\",\"room\":\"big\",\"data\":\"to everyone\"}");
        boolean everyone = received.await(120, TimeUnit.SECONDS);
        double allMs = (System.nanoTime() - tb) / 1e6;
        String ackFrame;
        do {
            ackFrame = senderQ.poll(60, TimeUnit.SECONDS);
        } while (ackFrame != null && !ackFrame.contains("\"ack\""));
        double ackMs = (System.nanoTime() - tb) / 1e6;
        System.out.printf("broadcast to %d members: all received: %s in %.0f ms (ack %s after %.0f ms)%n",
                members - 1, everyone, allMs, ackFrame, ackMs);
        System.exit(0);
    }

    private static long nextSend;

    /** Keeps the driver under the stage throttle (blueprint default 500/s): at most one message per 2.5 ms. */
    private static void pace() {
        long now = System.nanoTime();
        if (now < nextSend) {
            java.util.concurrent.locks.LockSupport.parkNanos(nextSend - now);
        }
        nextSend = Math.max(now, nextSend) + 2_500_000;
    }

    private static void take(LinkedBlockingQueue<String> q, String fragment) throws InterruptedException {
        String f = q.poll(30, TimeUnit.SECONDS);
        if (f == null || !f.contains(fragment)) {
            throw new IllegalStateException("expected a frame with " + fragment + ", got " + f);
        }
    }

    private static double pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6;
    }
}
