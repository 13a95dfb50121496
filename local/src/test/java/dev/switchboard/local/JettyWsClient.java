package dev.switchboard.local;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty's WebSocket client as a test client: optionally offers {@code permessage-deflate}, accepts messages up to
 * 1 MB, and queues the text messages it receives.
 */
public final class JettyWsClient implements AutoCloseable {
    private static final WebSocketClient CLIENT = start();

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<WsClient.Closed> closed = new CompletableFuture<>();
    private final Session session;

    private JettyWsClient(URI uri, boolean deflate, java.util.List<String> subprotocols) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (deflate) {
            request.addExtensions("permessage-deflate");
        }
        if (!subprotocols.isEmpty()) {
            request.setSubProtocols(subprotocols);
        }
        this.session = CLIENT.connect(new Listener(this), uri, request).get(20, TimeUnit.SECONDS);
    }

    /** The client's endpoint (public: Jetty invokes endpoint methods through public lookups). */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private final JettyWsClient client;

        Listener(JettyWsClient client) {
            this.client = client;
        }

        @Override
        public void onWebSocketText(String message) {
            client.messages.add(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            client.closed.complete(new WsClient.Closed(statusCode, reason));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            client.closed.complete(new WsClient.Closed(1006, String.valueOf(cause)));
        }
    }

    private static WebSocketClient start() {
        WebSocketClient c = new WebSocketClient();
        c.setMaxTextMessageSize(1024 * 1024);
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    static JettyWsClient connect(URI uri, boolean deflate) {
        return connect(uri, deflate, java.util.List.of());
    }

    /** Connects offering {@code subprotocols} in {@code Sec-WebSocket-Protocol}. */
    static JettyWsClient connect(URI uri, boolean deflate, java.util.List<String> subprotocols) {
        try {
            return new JettyWsClient(uri, deflate, subprotocols);
        } catch (Exception e) {
            throw new AssertionError("Jetty client could not connect to " + uri, e);
        }
    }

    /** The subprotocol the server answered in {@code Sec-WebSocket-Protocol}, or null. */
    String acceptedSubProtocol() {
        return session.getUpgradeResponse().getAcceptedSubProtocol();
    }

    /** What the server accepted in {@code Sec-WebSocket-Extensions}. */
    String extensions() {
        return session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions");
    }

    void send(String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.join();
    }

    String next() {
        try {
            String m = messages.poll(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + WsClient.WAIT.toSeconds() + " s; closed: " + closed.getNow(null));
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (session.isOpen()) {
            session.close(1000, "bye", Callback.NOOP);
        }
    }
}
