package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A connection's life as the event handler sees it (reference-cloud-events): {@code connected} and
 * {@code disconnected} are fire-and-forget (a failure is only logged; {@code connected} does not hold up the client's
 * messages, {@code disconnected} follows the connection's last event); a user event is blocking: its 200 answer goes
 * back to the sender (as a frame of the answer's Content-Type, or a {@code message} from {@code server} to a
 * subprotocol client), 204 sends nothing, and any other answer drops the connection. A simple client's
 * {@code message} that no event handler takes drops the connection too (concept-service-internals, "The simple
 * WebSocket client"); a subprotocol client's event that none takes is acknowledged and dropped.
 */
final class ConnectionEvents {
    private ConnectionEvents() {
    }

    static void opened(LocalWebPubSub service, ClientConnection c, List<String> groups) {
        HubState hub = service.state(c.hub);
        hub.add(c);
        for (String g : groups) {
            hub.join(g, c);
        }
        if (c.subprotocol != null) {
            ObjectNode hello = Payload.object().put("type", "system").put("event", "connected")
                    .put("userId", c.userId).put("connectionId", c.id);
            if (c.subprotocol.reliable()) {
                hello.put("reconnectionToken", "not-emulated");
            }
            c.sendFrame(hello);
        }
        if (c.hub.handlesSystem("connected")) {
            EventHandlerClient.Event connected = event(c, "azure.webpubsub.sys.connected", "connected");
            service.pool.execute(() -> service.events.deliver(connected, "application/json; charset=utf-8",
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Closes a connection from the service's side (REST API, a failed user event, shutdown): it is gone from the hub
     * at once, so the existence checks answer 404 right after the close call, and {@code disconnected} fires once.
     */
    static void close(LocalWebPubSub service, ClientConnection c, int code, String reason) {
        c.close(code, reason);
        closed(service, c, code, reason);
    }

    static void closed(LocalWebPubSub service, ClientConnection c, int code, String reason) {
        if (!service.state(c.hub).remove(c)) {
            return;
        }
        if (c.hub.handlesSystem("disconnected")) {
            String why = reason == null || reason.isEmpty() ? (code == 1000 ? "" : "Connection closed with " + code)
                    : reason;
            byte[] body = Payload.object().put("reason", why).toString().getBytes(StandardCharsets.UTF_8);
            c.serially(service, () -> service.events.deliver(
                    event(c, "azure.webpubsub.sys.disconnected", "disconnected"), "application/json; charset=utf-8",
                    body));
        }
    }

    /**
     * Delivers a user event (a simple client's frame is {@code message}) when the hub's pattern takes it; ackId, when
     * not null, is acknowledged once the handler answered.
     */
    static void userEvent(LocalWebPubSub service, ClientConnection c, String event, Payload p, Long ackId) {
        if (!c.hub.handlesUser(event)) {
            if (c.subprotocol == null) {
                close(service, c, 1011, "No event handler takes the message event of hub " + c.hub.name());
                return;
            }
            if (ackId != null) {
                PubSubRequests.ack(c, ackId, null, null);
            }
            return;
        }
        String contentType = p.type().contentType + (p.type() == Payload.Type.BINARY ? "" : "; charset=utf-8");
        EventHandlerClient.Reply r = service.events.deliver(event(c, "azure.webpubsub.user." + event, event),
                contentType, p.bytes());
        if (!r.ok()) {
            close(service, c, 1011, "The event handler failed for event " + event + " ("
                    + (r.status() == 0 ? r.problem() : "status " + r.status()) + ")");
            return;
        }
        c.state(r.state());
        if (r.status() == 200 && r.body().length > 0) {
            Payload.Type t = Payload.Type.ofContentType(r.contentType());
            if (t == null) {
                t = Payload.Type.BINARY;
            }
            c.send(new Payload(t, r.body()), Payload.object().put("from", "server"));
        }
        if (ackId != null) {
            PubSubRequests.ack(c, ackId, null, null);
        }
    }

    private static EventHandlerClient.Event event(ClientConnection c, String type, String name) {
        return new EventHandlerClient.Event(type, name, c.hub, c.id, c.userId, c.acceptedSubprotocol, c.state());
    }
}
