package dev.switchboard.azure.webpubsub;

import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The WebSocket side of one {@link ClientConnection}: on open it joins the connection's initial groups, greets a
 * subprotocol client with the {@code connected} system message and fires {@code connected}; a frame is a subprotocol
 * request ({@link PubSubRequests}) or, from a simple client, the {@code message} user event; the close fires
 * {@code disconnected}. Messages over {@link LocalWebPubSub#MESSAGE_MAX} are closed by Jetty with 1009 before they get
 * here. Public because Jetty requires endpoint classes to be.
 */
public final class ClientSocket implements Session.Listener.AutoDemanding {
    private final LocalWebPubSub service;
    private final ClientConnection connection;
    private final List<String> groups;

    ClientSocket(LocalWebPubSub service, ClientConnection connection, List<String> groups) {
        this.service = service;
        this.connection = connection;
        this.groups = groups;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection.attach(session);
        ConnectionEvents.opened(service, connection, groups);
    }

    @Override
    public void onWebSocketText(String message) {
        if (connection.subprotocol != null) {
            connection.serially(service, () -> PubSubRequests.handle(service, connection, message));
        } else {
            Payload p = Payload.text(message);
            connection.serially(service,
                    () -> ConnectionEvents.userEvent(service, connection, "message", p, null));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        if (connection.subprotocol != null) {
            connection.close(1003, "The subprotocol " + connection.subprotocol.wireName + " takes text frames only");
            return;
        }
        Payload p = new Payload(Payload.Type.BINARY, bytes);
        connection.serially(service, () -> ConnectionEvents.userEvent(service, connection, "message", p, null));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        ConnectionEvents.closed(service, connection, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // the close that follows fires disconnected
    }
}
