package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Switchboard connection that survives reconnects, for Java 17 on {@code java.net.http.WebSocket}: the JavaScript
 * client's behaviour (docs/clients.md). It writes one request at a time and matches each answer to it (acks by
 * {@code cid}, {@code joined}/{@code left}/{@code members} by room, an error to the request in flight); after a drop it
 * opens a new socket with a fresh token (backoff with jitter), re-joins its rooms and reports the gap
 * ({@link ClientListener#onGap}). A frame written before a drop fails with CONNECTION_LOST, never silently; frames
 * asked for while disconnected wait, up to {@link ClientOptions#maxQueued()}.
 *
 * <p>All state lives on one thread of the client's own; futures complete and listeners run there.
 */
public final class SwitchboardClient implements AutoCloseable {
    /** The client's life: CONNECTING until the first socket opens, then OPEN or RECONNECTING, CLOSED at the end. */
    public enum State { CONNECTING, OPEN, RECONNECTING, CLOSED }

    private static final int REJOIN_TRIES = 5;
    private static final Set<String> RETRYABLE_REJOIN =
            Set.of("RATE_LIMITED", "INTERNAL", SwitchboardException.TIMEOUT);
    private static final AtomicLong THREADS = new AtomicLong();

    private final URI url;
    private final ClientOptions o;
    private final ClientListener listener;
    private final ScheduledExecutorService loop;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final ArrayDeque<Request> internal = new ArrayDeque<>();
    private final Set<String> rooms = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile Thread loopThread;
    private final String cidPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 28, 36);
    private long seq;
    private volatile State state = State.CONNECTING;
    private volatile Transport transport;
    private volatile String connectionId;
    private boolean headerWorked;
    private WebSocket ws;
    private Request inflight;
    private boolean rejoining;
    private long lastWrite;
    private Long disconnectedAt;
    private ScheduledFuture<?> pinger;

    private record Request(ObjectNode frame, CompletableFuture<JsonNode> result, boolean internal) {
        String action() {
            return frame.path("action").asText();
        }

        String cid() {
            return frame.path("cid").asText(null);
        }
    }

    private SwitchboardClient(URI url, ClientOptions options, ClientListener listener) {
        String scheme = url.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("url must be ws:// or wss:// (got " + url + ")");
        }
        this.url = url;
        this.o = options;
        this.listener = listener == null ? new ClientListener() { } : listener;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-client-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
    }

    /** Starts connecting; requests made before the socket opens wait in the queue. */
    public static SwitchboardClient create(URI url, ClientOptions options, ClientListener listener) {
        SwitchboardClient c = new SwitchboardClient(url, options, listener);
        c.loop.execute(() -> c.attempt(1, false));
        return c;
    }

    /** Connects; completes once the first socket is open, or fails with CONNECT_FAILED. */
    public static CompletableFuture<SwitchboardClient> connect(URI url, ClientOptions options,
                                                               ClientListener listener) {
        SwitchboardClient c = create(url, options, listener);
        return c.opened.thenApply(v -> c);
    }

    /** Completes when the first socket opened; fails with CONNECT_FAILED or CLOSED otherwise. */
    public CompletableFuture<Void> opened() {
        return opened;
    }

    public State state() {
        return state;
    }

    /** The token transport of the open socket, or null. */
    public Transport transport() {
        return transport;
    }

    /** The server's id of this connection once a pong told it, or null. */
    public String connectionId() {
        return connectionId;
    }

    /** The rooms the client is in and re-joins after a reconnect. */
    public List<String> rooms() {
        synchronized (rooms) {
            return List.copyOf(rooms);
        }
    }

    public CompletableFuture<ClientListener.Joined> join(String room) {
        return call("join", () -> {
            Frames.checkRoom("join", room);
            return Frames.frame("join").put("room", room);
        }).thenApply(SwitchboardClient::joined);
    }

    public CompletableFuture<String> leave(String room) {
        return call("leave", () -> {
            Frames.checkRoom("leave", room);
            rooms.remove(room); // not re-joined after a reconnect, whatever the answer
            return Frames.frame("leave").put("room", room);
        }).thenApply(m -> m.path("room").asText());
    }

    public CompletableFuture<Ack> send(String room, Object data) {
        return send(room, data, null);
    }

    /** Sends {@code data} to {@code room} with an ack; {@code cid} null for a new one. */
    public CompletableFuture<Ack> send(String room, Object data, String cid) {
        return call("send", () -> {
            Frames.checkRoom("send", room);
            ObjectNode f = Frames.frame("send").put("room", room);
            f.set("data", Frames.data("send", data));
            return f.put("ack", true).put("cid", cid("send", cid));
        }).thenApply(SwitchboardClient::ack);
    }

    public CompletableFuture<Ack> whisper(String to, Object data) {
        return whisper(to, data, null);
    }

    public CompletableFuture<Ack> whisper(String to, Object data, String cid) {
        return call("whisper", () -> {
            if (to == null || to.isEmpty()) {
                throw Frames.bad("whisper", "to must be a user id");
            }
            ObjectNode f = Frames.frame("whisper").put("to", to);
            f.set("data", Frames.data("whisper", data));
            return f.put("ack", true).put("cid", cid("whisper", cid));
        }).thenApply(SwitchboardClient::ack);
    }

    /** The room's members, a page (a list of user ids) per {@link MemberPages#next()}. */
    public MemberPages members(String room) {
        Frames.checkRoom("members", room);
        return new MemberPages(room);
    }

    /** Pages of a room's members: {@link #next()} completes with the next page, or empty after the last. */
    public final class MemberPages {
        private final String room;
        private String cursor;
        private boolean done;

        private MemberPages(String room) {
            this.room = room;
        }

        public CompletableFuture<Optional<List<String>>> next() {
            if (done) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            ObjectNode f = Frames.frame("members").put("room", room);
            if (cursor != null) {
                f.put("cursor", cursor);
            }
            return request(f, false).thenApply(m -> {
                cursor = m.path("next").isTextual() ? m.path("next").asText() : null;
                done = cursor == null;
                List<String> page = new ArrayList<>();
                m.path("members").forEach(u -> page.add(u.asText()));
                return Optional.of(page);
            });
        }

        /** Every page, in order. */
        public CompletableFuture<List<List<String>>> all() {
            List<List<String>> pages = new ArrayList<>();
            return collect(pages).thenApply(v -> pages);
        }

        private CompletableFuture<Void> collect(List<List<String>> pages) {
            return next().thenCompose(p -> {
                if (p.isEmpty()) {
                    return CompletableFuture.completedFuture(null);
                }
                pages.add(p.get());
                return collect(pages);
            });
        }
    }

    /** A ping through the queue; completes with the connection id where the server tells it. */
    public CompletableFuture<String> ping() {
        return request(Frames.frame("ping"), false).thenApply(p -> {
            if (p.path("connectionId").isTextual()) {
                connectionId = p.path("connectionId").asText();
            }
            return connectionId;
        });
    }

    /** Closes for good (1000): the frame in flight fails with CONNECTION_LOST, queued ones with CLOSED. */
    @Override
    public void close() {
        CompletableFuture<Void> done = onLoop(() -> {
            if (state == State.CLOSED) {
                return null;
            }
            state = State.CLOSED;
            WebSocket socket = ws;
            failSocketWork("the client closed before the answer to");
            rejectQueued("the client was closed");
            if (socket != null) {
                socket.sendClose(1000, "client closed").exceptionally(e -> null);
            }
            opened.completeExceptionally(new SwitchboardException(SwitchboardException.CLOSED, "the client was closed",
                    null, null, null));
            listener.onClose(1000, "client closed", null, 0, true);
            loop.schedule(loop::shutdown, 1, TimeUnit.SECONDS);
            return null;
        });
        if (Thread.currentThread() != loopThread) {
            done.exceptionally(e -> null).join();
        }
    }

    private <T> CompletableFuture<T> onLoop(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new SwitchboardException(SwitchboardException.CLOSED, "the client is closed",
                    null, null, null));
        }
        return f;
    }

    private String cid(String action, String cid) {
        if (cid == null) {
            return cidPrefix + "-" + (++seq);
        }
        Frames.checkCid(action, cid);
        return cid;
    }

    private CompletableFuture<JsonNode> call(String action, java.util.function.Supplier<ObjectNode> frame) {
        return onLoop(frame::get).thenCompose(f -> request(f, false));
    }

    private CompletableFuture<JsonNode> request(ObjectNode frame, boolean isInternal) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        onLoop(() -> {
            Request r = new Request(frame, result, isInternal);
            if (state == State.CLOSED) {
                result.completeExceptionally(error(SwitchboardException.CLOSED, "the client is closed: " + r.action()
                        + " was not sent", r));
            } else if (isInternal) {
                internal.add(r);
            } else if (queue.size() >= o.maxQueued()) {
                result.completeExceptionally(error(SwitchboardException.QUEUE_FULL, o.maxQueued()
                        + " frames already wait for the connection: " + r.action() + " was not queued", r));
            } else {
                queue.add(r);
            }
            pump();
            return null;
        }).exceptionally(e -> {
            result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            return null;
        });
        return result;
    }

    private static SwitchboardException error(String code, String message, Request r) {
        return new SwitchboardException(code, message, r.action(), r.cid(), null);
    }

    private void pump() {
        if (state != State.OPEN || inflight != null) {
            return;
        }
        Request r = internal.poll();
        if (r == null && !rejoining) {
            r = queue.poll();
        }
        if (r == null) {
            return;
        }
        Request sent = r;
        inflight = r;
        lastWrite = System.currentTimeMillis();
        WebSocket socket = ws;
        ScheduledFuture<?> timer = loop.schedule(() -> timeout(sent, socket), o.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        r.result.whenComplete((v, e) -> timer.cancel(false));
        socket.sendText(r.frame.toString(), true).exceptionally(e -> {
            loop.execute(() -> dropped(socket, 1006, "write failed: " + e.getMessage()));
            return null;
        });
    }

    private void timeout(Request r, WebSocket socket) {
        if (inflight != r) {
            return;
        }
        inflight = null;
        r.result.completeExceptionally(error(SwitchboardException.TIMEOUT, "no answer to " + r.action() + " within "
                + o.requestTimeout().toMillis() + " ms; reconnecting", r));
        // a late answer could be taken for the next request's: this socket is done
        socket.abort();
        dropped(socket, 4000, "request timeout");
    }

    private void onFrame(WebSocket socket, String text) {
        if (socket != ws) {
            return;
        }
        JsonNode m;
        try {
            m = Frames.JSON.readTree(text);
        } catch (IOException e) {
            return; // not a frame of the protocol; clients ignore what they do not know
        }
        if (m == null || !m.isObject()) {
            return;
        }
        Request r = inflight;
        SwitchboardException err = Frames.errorIn(m, r == null ? null : r.frame);
        if (r != null && (err != null || Frames.answers(r.frame, m))) {
            inflight = null;
            if (err != null) {
                r.result.completeExceptionally(err);
                listener.onError(err);
            } else {
                if (r.action().equals("join")) {
                    rooms.add(r.frame.path("room").asText());
                }
                r.result.complete(m);
                if (m.path("type").asText().equals("joined")) {
                    listener.onJoined(joined(m));
                }
            }
            pump();
            return;
        }
        if (err != null) {
            listener.onError(err);
            return;
        }
        switch (m.path("type").asText()) {
            case "message" -> listener.onMessage(new ClientListener.Message(m.path("room").asText(),
                    m.path("from").asText(), m.path("id").asText(null), m.path("ts").asLong(),
                    m.path("cid").asText(null), m.path("data")));
            case "whisper" -> listener.onWhisper(new ClientListener.Whisper(m.path("from").asText(),
                    m.path("id").asText(null), m.path("ts").asLong(), m.path("cid").asText(null), m.path("data")));
            case "presence" -> listener.onPresence(new ClientListener.Presence(m.path("room").asText(),
                    m.path("user").asText(), m.path("event").asText()));
            case "joined" -> listener.onJoined(joined(m));
            default -> {
                // acks of timed-out requests, pongs, types this client does not know
            }
        }
    }

    private void failSocketWork(String why) {
        Request r = inflight;
        inflight = null;
        if (r != null) {
            r.result.completeExceptionally(error(SwitchboardException.CONNECTION_LOST, why + " " + r.action()
                    + ": it may or may not have arrived", r));
        }
        for (Request i; (i = internal.poll()) != null; ) {
            i.result.completeExceptionally(error(SwitchboardException.CONNECTION_LOST, "the connection closed", i));
        }
        rejoining = false;
        if (pinger != null) {
            pinger.cancel(false);
        }
        ws = null;
        transport = null;
    }

    private void rejectQueued(String why) {
        for (Request r; (r = queue.poll()) != null; ) {
            r.result.completeExceptionally(error(SwitchboardException.CLOSED, why + ": " + r.action() + " was not sent",
                    r));
        }
    }

    private void dropped(WebSocket socket, int code, String reason) {
        if (socket != ws) {
            return;
        }
        String closed = "the connection closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")";
        failSocketWork(closed + " before the answer to");
        if (state == State.CLOSED) {
            return;
        }
        if (disconnectedAt == null) {
            disconnectedAt = System.currentTimeMillis();
        }
        if (!o.reconnect().reconnects()) {
            giveUp(closed, code, null, 0);
            return;
        }
        state = State.RECONNECTING;
        scheduleAttempt(1, true, code, reason, null);
    }

    private void scheduleAttempt(int attempt, boolean afterDrop, Integer code, String reason, Integer status) {
        long delay = o.reconnect().delay(afterDrop ? attempt : attempt - 1, ThreadLocalRandom.current()::nextDouble)
                .toMillis();
        listener.onReconnecting(attempt, delay, code, reason, status);
        loop.schedule(() -> attempt(attempt, afterDrop), delay, TimeUnit.MILLISECONDS);
    }

    /** One connection attempt: a fresh token, then the transports in order. */
    private void attempt(int attempt, boolean afterDrop) {
        if (state == State.CLOSED) {
            return;
        }
        String token;
        try {
            token = o.token().call();
        } catch (Exception e) {
            failed(attempt, afterDrop, new Handshake.Failure("the token callback failed: " + e.getMessage(), null,
                    false));
            return;
        }
        if (token == null || token.isEmpty()) {
            failed(attempt, afterDrop, new Handshake.Failure("the token callback returned no token", null, false));
            return;
        }
        List<Transport> order = o.transport() != Transport.AUTO ? List.of(o.transport())
                : headerWorked ? List.of(Transport.HEADER) : List.of(Transport.HEADER, Transport.QUERY);
        tryTransports(order, 0, token, attempt, afterDrop);
    }

    private void tryTransports(List<Transport> order, int i, String token, int attempt, boolean afterDrop) {
        Transport t = order.get(i);
        Listener l = new Listener();
        Handshake.open(o.http(), url, token, t, o.connectTimeout(), l).whenCompleteAsync((socket, e) -> {
            if (e == null) {
                adopt(socket, t, l, afterDrop);
                return;
            }
            Handshake.Failure f = e.getCause() instanceof Handshake.Failure hf ? hf
                    : new Handshake.Failure(String.valueOf(e.getMessage()), null, false);
            // a server that read the header refused the token (403, 400): the query string would not do better
            boolean refused = t == Transport.HEADER && f.status != null && f.status != 401 && !f.subprotocolRefused;
            if (i + 1 < order.size() && !refused) {
                tryTransports(order, i + 1, token, attempt, afterDrop);
            } else {
                failed(attempt, afterDrop, f);
            }
        }, loop);
    }

    private void failed(int attempt, boolean afterDrop, Handshake.Failure f) {
        if (state == State.CLOSED) {
            return;
        }
        if (attempt >= o.reconnect().maxAttempts()) {
            String attempts = attempt + " connection attempt" + (attempt == 1 ? "" : "s");
            giveUp("gave up after " + attempts + ": " + f.getMessage(), 1006, f.status, attempt);
        } else {
            scheduleAttempt(attempt + 1, afterDrop, null, f.getMessage(), f.status);
        }
    }

    private void adopt(WebSocket socket, Transport t, Listener l, boolean afterDrop) {
        if (state == State.CLOSED) {
            socket.sendClose(1000, "client closed");
            return;
        }
        if (t == Transport.HEADER) {
            headerWorked = true;
        }
        ws = socket;
        l.adopted = socket;
        transport = t;
        state = State.OPEN;
        lastWrite = System.currentTimeMillis();
        schedulePing();
        listener.onOpen(t, afterDrop);
        opened.complete(null);
        if (afterDrop) {
            rejoining = true;
            rejoin(socket, rooms(), 0, 1, new ArrayList<>(), new ArrayList<>());
        } else {
            pump();
        }
    }

    private void rejoin(WebSocket socket, List<String> todo, int i, int tries, List<String> rejoined,
                        List<String> lost) {
        if (ws != socket) {
            return; // dropped again: the next connection re-joins
        }
        if (i == todo.size()) {
            rejoining = false;
            long from = disconnectedAt == null ? System.currentTimeMillis() : disconnectedAt;
            disconnectedAt = null;
            listener.onGap(from, System.currentTimeMillis(), List.copyOf(rejoined), List.copyOf(lost));
            pump();
            return;
        }
        String room = todo.get(i);
        request(Frames.frame("join").put("room", room), true).whenCompleteAsync((m, e) -> {
            if (e == null) {
                rejoined.add(room);
                rejoin(socket, todo, i + 1, 1, rejoined, lost);
                return;
            }
            if (ws != socket) {
                return;
            }
            String code = e instanceof SwitchboardException se ? se.code() : "";
            if (tries >= REJOIN_TRIES || !RETRYABLE_REJOIN.contains(code)) {
                rooms.remove(room);
                lost.add(room);
                rejoin(socket, todo, i + 1, 1, rejoined, lost);
            } else {
                loop.schedule(() -> rejoin(socket, todo, i, tries + 1, rejoined, lost), 100L << tries,
                        TimeUnit.MILLISECONDS);
            }
        }, loop);
    }

    private void schedulePing() {
        long every = o.pingInterval().toMillis();
        if (every == 0) {
            return;
        }
        if (pinger != null) {
            pinger.cancel(false);
        }
        pinger = loop.scheduleWithFixedDelay(() -> {
            if (state == State.OPEN && inflight == null && System.currentTimeMillis() - lastWrite >= every) {
                request(Frames.frame("ping"), true).thenAccept(p -> {
                    if (p.path("connectionId").isTextual()) {
                        connectionId = p.path("connectionId").asText();
                    }
                }).exceptionally(e -> null);
            }
        }, every, Math.max(1, every / 4), TimeUnit.MILLISECONDS);
    }

    private void giveUp(String why, int code, Integer status, int attempts) {
        state = State.CLOSED;
        rejectQueued(why);
        opened.completeExceptionally(new SwitchboardException(SwitchboardException.CONNECT_FAILED, why, null, null,
                status));
        listener.onClose(code, why, status, attempts, false);
        loop.schedule(loop::shutdown, 1, TimeUnit.SECONDS);
    }

    private static ClientListener.Joined joined(JsonNode m) {
        List<String> members = new ArrayList<>();
        m.path("members").forEach(u -> members.add(u.asText()));
        return new ClientListener.Joined(m.path("room").asText(), m.path("count").asInt(members.size()), members,
                m.path("next").isTextual() ? m.path("next").asText() : null);
    }

    private static Ack ack(JsonNode m) {
        return new Ack(m.path("id").asText(null), m.path("cid").asText(null), m.path("delivered").asInt(),
                m.path("undelivered").asInt(), m.path("queued").asInt());
    }

    /** One socket's events, handed to the client's thread; ignored until the socket is adopted. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket adopted;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                loop.execute(() -> onFrame(socket, text));
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            loop.execute(() -> dropped(socket, code, reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            loop.execute(() -> dropped(socket, 1006, String.valueOf(error.getMessage())));
        }
    }
}
