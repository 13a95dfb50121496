package dev.switchboard.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection as the gateway tracks it, from the handshake to {@code $disconnect}.
 *
 * <p>States: {@code CONNECTING} while the authorizer and {@code $connect} run (posts answer 410, as on AWS);
 * {@code OPEN} once {@code $connect} returned 2xx (posts are accepted; frames posted before the WebSocket session is
 * attached are queued and flushed on attach); {@code CLOSED} once the close began ({@code $disconnect} runs exactly
 * once). Messages from the client run one at a time, in order, on the shared invocation pool.
 */
final class Connection {
    enum State { CONNECTING, OPEN, CLOSED }

    final String id;
    final long connectedAt;
    final String sourceIp;
    final String userAgent;
    private volatile ObjectNode authorizer;
    private volatile State state = State.CONNECTING;
    private volatile long lastActiveAt;
    private Session session;
    private final List<Early> early = new ArrayList<>();
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private volatile int serverCloseCode;
    private volatile String serverCloseReason;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    Connection(String id, long connectedAt, String sourceIp, String userAgent) {
        this.id = id;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.lastActiveAt = connectedAt;
    }

    ObjectNode authorizer() {
        return authorizer;
    }

    void authorizer(ObjectNode a) {
        this.authorizer = a;
    }

    State state() {
        return state;
    }

    long lastActiveAt() {
        return lastActiveAt;
    }

    void touch(long now) {
        lastActiveAt = now;
    }

    /** {@code $connect} returned 2xx: posts are accepted from now on. */
    void open() {
        state = State.OPEN;
    }

    /** A message posted before the session was attached, and the future its POST waits on. */
    private record Early(String message, CompletableFuture<Void> written) {
    }

    /** Attaches the WebSocket session and writes the messages posted before it existed. */
    synchronized void attach(Session s) {
        session = s;
        for (Early e : early) {
            OutboundFrames.write(s, e.message(), e.written());
        }
        early.clear();
    }

    synchronized Session session() {
        return session;
    }

    /**
     * Sends one message (in frames of at most 32 KB, as API Gateway does). Returns null if the connection is not open
     * (nothing is written), else a future that completes once every frame is written, or exceptionally when the write
     * failed. A message posted before the session is attached is written on attach.
     */
    synchronized CompletableFuture<Void> send(String message) {
        if (state != State.OPEN) {
            return null;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (session == null) {
            early.add(new Early(message, written));
        } else {
            OutboundFrames.write(session, message, written);
        }
        return written;
    }

    /**
     * Sends a route response or an error frame to this client while its session is open, whatever the state; a write
     * failure is logged.
     */
    synchronized void reply(String message) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        written.whenComplete((v, e) -> {
            if (e != null) {
                System.err.println("switchboard-local: reply to " + id + " not sent: " + e);
            }
        });
        OutboundFrames.write(s, message, written);
    }

    /** Marks the connection closed; true for the one caller that must run {@code $disconnect}. */
    boolean markDisconnected() {
        state = State.CLOSED;
        return disconnected.compareAndSet(false, true);
    }

    /**
     * Records why the server closes this connection, for {@code $disconnect} (the first reason wins), and closes the
     * session with that code and reason.
     */
    void serverClose(int code, String reason) {
        synchronized (this) {
            if (serverCloseCode == 0) {
                serverCloseCode = code;
                serverCloseReason = reason;
            }
            state = State.CLOSED;
        }
        close(code, reason);
    }

    /** The code the server closed with, or 0. */
    int serverCloseCode() {
        return serverCloseCode;
    }

    String serverCloseReason() {
        return serverCloseReason;
    }

    /** Closes the WebSocket with {@code code} and {@code reason} (no-op if no session is attached). */
    void close(int code, String reason) {
        Session s = session();
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    /** Runs {@code task} after every task submitted before it, on {@code pool}. */
    void serially(Executor pool, Runnable task) {
        synchronized (tasks) {
            tasks.addLast(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(() -> drain(pool));
    }

    private void drain(Executor pool) {
        Runnable next;
        synchronized (tasks) {
            next = tasks.pollFirst();
            if (next == null) {
                running = false;
                return;
            }
        }
        try {
            next.run();
        } finally {
            // hand the rest to a fresh task, so one busy connection cannot hold a pool thread forever
            pool.execute(() -> drain(pool));
        }
    }
}
