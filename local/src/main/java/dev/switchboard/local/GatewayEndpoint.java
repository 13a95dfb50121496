package dev.switchboard.local;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The WebSocket side of one {@link Connection}: text messages go to the route, binary frames close with 1003 (API
 * Gateway rejects binary frames unless binary media types are configured), and the close runs {@code $disconnect}.
 * Size limits (1009) and invalid UTF-8 (1007) are enforced by Jetty before a message gets here. Public because Jetty
 * requires endpoint classes to be.
 */
public final class GatewayEndpoint implements Session.Listener.AutoDemanding {
    /** Reason of the 1003 close. */
    static final String BINARY_REASON = "Binary frames are not supported";

    private final LocalGateway gateway;
    private final Connection connection;

    GatewayEndpoint(LocalGateway gateway, Connection connection) {
        this.gateway = gateway;
        this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection.attach(session);
        if (connection.state() == Connection.State.CLOSED) {
            session.close(1001, "Going away", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        connection.touch(System.currentTimeMillis());
        connection.serially(gateway.pool, () -> Routing.route(gateway, connection, message));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        connection.serverClose(1003, BINARY_REASON);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        int code = statusCode;
        String why = reason;
        if (connection.serverCloseCode() != 0) {
            code = connection.serverCloseCode();
            why = connection.serverCloseReason();
        } else if (statusCode == 1005) {
            why = "Client-side close frame status not set";
        }
        int c = code;
        String r = why == null ? "" : why;
        connection.serially(gateway.pool, () -> Routing.disconnect(gateway, connection, c, r));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // the close that follows runs $disconnect; nothing else to do
    }
}
