package dev.switchboard.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One client connection of a fault run: Jetty's WebSocket client, every frame it receives kept in order, replies to
 * its own requests ({@code joined}, {@code members}, {@code left}, {@code ack}, {@code error}, {@code pong}, and any frame without a
 * {@code type}, such as API Gateway's {@code Internal server error} answer) handed out one at a time, in the order
 * the requests were sent, by {@link #reply(Duration)}.
 */
final class Conn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REPLIES = Set.of("joined", "members", "left", "ack", "error", "pong");

    final int index;
    final String user;
    final String room;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private volatile Session session;
    volatile boolean closedByServer;
    /** Frames that reached an abandoned handshake's session (counted, not kept). */
    final java.util.concurrent.atomic.AtomicInteger strays = new java.util.concurrent.atomic.AtomicInteger();

    Conn(int index, String user, String room) {
        this.index = index;
        this.user = user;
        this.room = room;
    }

    /**
     * Opens the connection; false when the handshake was refused or failed. A handshake that does not finish within
     * 20 s is abandoned: a session that opens after that is closed at once, so one client never holds two.
     */
    boolean open(WebSocketClient client, URI uri) {
        Listener listener = new Listener(this);
        CompletableFuture<Session> pending;
        try {
            pending = client.connect(listener, uri, new ClientUpgradeRequest());
        } catch (java.io.IOException e) {
            return false;
        }
        try {
            this.session = pending.get(20, TimeUnit.SECONDS);
            closedByServer = false;
            return true;
        } catch (Exception e) {
            listener.abandoned = true;
            pending.cancel(true);
            pending.thenAccept(late -> late.close(1000, "abandoned", Callback.NOOP));
            return false;
        }
    }

    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && !closedByServer;
    }

    void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** The next reply to this connection's own requests, or null when none came within {@code wait}. */
    JsonNode reply(Duration wait) throws InterruptedException {
        return replies.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void close() {
        Session s = session;
        if (s != null) {
            s.close(1000, "bye", Callback.NOOP);
        }
    }

    /** Jetty's endpoint (public: Jetty invokes endpoint methods through public lookups). */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private final Conn conn;

        Listener(Conn conn) {
            this.conn = conn;
        }

        volatile boolean abandoned;

        @Override
        public void onWebSocketText(String message) {
            if (abandoned) {
                conn.strays.incrementAndGet();
                return;
            }
            JsonNode frame;
            try {
                frame = JSON.readTree(message);
            } catch (Exception e) {
                frame = JSON.createObjectNode().put("unparsable", message);
            }
            conn.received.add(frame);
            String type = frame.path("type").asText("");
            if (REPLIES.contains(type) || !frame.has("type")) {
                conn.replies.add(frame);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            if (!abandoned) {
                conn.closedByServer = true;
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            if (!abandoned) {
                conn.closedByServer = true;
            }
        }
    }
}
