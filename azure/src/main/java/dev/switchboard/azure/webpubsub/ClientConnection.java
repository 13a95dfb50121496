package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection of a hub: its id, user, roles, groups, negotiated subprotocol and connection state (the
 * {@code ce-connectionState} a blocking event's response set), and the WebSocket session it writes to. Events of one
 * connection run one after the other ({@link #serially}), as the service waits for each blocking event's response
 * before it handles the client's next message (reference-cloud-events, "Events").
 */
final class ClientConnection {
    /** How many recent ackIds a connection remembers for the Duplicate answer. */
    static final int ACK_IDS_KEPT = 1024;

    final String id;
    final HubSettings hub;
    final String userId;
    /** The service's own subprotocol in use, or null for a simple WebSocket client. */
    final Subprotocol subprotocol;
    /** The subprotocol accepted on the handshake (also one the event handler chose), or null. */
    final String acceptedSubprotocol;
    private final Set<String> roles;
    private final Set<String> groups = new HashSet<>();
    /** The ackIds seen lately, oldest first; at most {@link #ACK_IDS_KEPT}, so a long-lived client stays small. */
    private final LinkedHashSet<Long> ackIds = new LinkedHashSet<>();
    private volatile String state;
    private Session session;
    private long sequenceId;
    private boolean closing;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    ClientConnection(String id, HubSettings hub, String userId, Set<String> roles, String acceptedSubprotocol,
                     String state) {
        this.id = id;
        this.hub = hub;
        this.userId = userId;
        this.roles = new LinkedHashSet<>(roles);
        this.acceptedSubprotocol = acceptedSubprotocol;
        this.subprotocol = Subprotocol.of(acceptedSubprotocol);
        this.state = state;
    }

    synchronized void attach(Session s) {
        session = s;
    }

    String state() {
        return state;
    }

    void state(String value) {
        if (value != null) {
            state = value;
        }
    }

    synchronized Set<String> groups() {
        return Set.copyOf(groups);
    }

    synchronized boolean addGroup(String g) {
        return groups.add(g);
    }

    synchronized boolean removeGroup(String g) {
        return groups.remove(g);
    }

    synchronized boolean hasRole(String role) {
        return roles.contains(role);
    }

    synchronized void grant(String role) {
        roles.add(role);
    }

    synchronized void revoke(String role) {
        roles.remove(role);
    }

    /**
     * Whether the client may do {@code permission} ({@code joinLeaveGroup} or {@code sendToGroup}) on a group: the
     * role {@code webpubsub.<permission>} or {@code webpubsub.<permission>.<group>} (concept-client-protocols,
     * "Permissions").
     */
    synchronized boolean may(String permission, String group) {
        return roles.contains("webpubsub." + permission) || roles.contains("webpubsub." + permission + "." + group);
    }

    /**
     * False when the ack id was used lately on this connection (the ack then answers Duplicate: a client that retries
     * a request with its ackId learns that the first attempt went through).
     */
    synchronized boolean firstAck(long ackId) {
        if (!ackIds.add(ackId)) {
            return false;
        }
        if (ackIds.size() > ACK_IDS_KEPT) {
            ackIds.remove(ackIds.iterator().next());
        }
        return true;
    }

    /**
     * Runs {@code task} after every task queued before it on this connection; a task that throws is logged and the
     * connection closed with 1011, so a client never waits on an answer that will not come.
     */
    synchronized void serially(LocalWebPubSub service, Runnable task) {
        tail = tail.thenRunAsync(task, service.pool).exceptionally(e -> {
            service.log.accept("connection " + id + ": the emulation failed on an event: " + e);
            ConnectionEvents.close(service, this, 1011, "The service failed on this connection");
            return null;
        });
    }

    /**
     * Sends data: a raw frame to a simple WebSocket client, else a {@code message} with {@code from} and its other
     * fields ({@code group}, {@code fromUserId}) and, on the reliable subprotocol, a {@code sequenceId}.
     */
    synchronized void send(Payload p, ObjectNode envelope) {
        if (session == null || !session.isOpen() || closing) {
            return;
        }
        if (subprotocol == null) {
            if (p.type() == Payload.Type.BINARY) {
                session.sendBinary(ByteBuffer.wrap(p.bytes()), Callback.NOOP);
            } else {
                session.sendText(p.asText(), Callback.NOOP);
            }
            return;
        }
        ObjectNode m = Payload.object().put("type", "message");
        m.setAll(envelope);
        p.into(m);
        if (subprotocol.reliable()) {
            m.put("sequenceId", ++sequenceId);
        }
        session.sendText(m.toString(), Callback.NOOP);
    }

    /** Sends a subprotocol frame (ack, system, pong) as it is; nothing to a simple WebSocket client. */
    synchronized void sendFrame(ObjectNode frame) {
        if (session != null && session.isOpen() && subprotocol != null && !closing) {
            session.sendText(frame.toString(), Callback.NOOP);
        }
    }

    /**
     * Closes the connection; a subprotocol client first gets the {@code system} {@code disconnected} message with the
     * reason (reference-json-webpubsub-subprotocol, "Disconnected").
     */
    synchronized void close(int code, String reason) {
        if (closing) {
            return;
        }
        if (subprotocol != null) {
            sendFrame(Payload.object().put("type", "system").put("event", "disconnected").put("message", reason));
        }
        closing = true;
        if (session != null) {
            session.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
        }
    }

    synchronized boolean isClosing() {
        return closing;
    }
}
