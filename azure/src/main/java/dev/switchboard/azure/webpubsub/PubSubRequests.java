package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The requests a subprotocol client makes (reference-json-webpubsub-subprotocol, "Requests"): {@code joinGroup} and
 * {@code leaveGroup} (role {@code webpubsub.joinLeaveGroup[.group]}), {@code sendToGroup} (role
 * {@code webpubsub.sendToGroup[.group]}, {@code noEcho} leaves the sender out), {@code event} (a user event to the
 * handler), {@code sequenceAck} (reliable subprotocol; nothing is replayed, so it is accepted and ignored) and
 * {@code ping} (answered {@code pong}). A request with an {@code ackId} is acknowledged: success, or
 * {@code Forbidden}, {@code Duplicate} (the ackId was used before) or {@code BadRequest} with a message. A frame
 * that is not a JSON request is logged and dropped (it has no ackId to answer).
 */
final class PubSubRequests {
    private PubSubRequests() {
    }

    static void handle(LocalWebPubSub service, ClientConnection c, String frame) {
        JsonNode m;
        try {
            m = Jwt.JSON.readTree(frame);
        } catch (IOException e) {
            m = null;
        }
        if (m == null || !m.isObject() || !m.path("type").isTextual()) {
            service.log.accept("connection " + c.id + ": dropped a frame that is not a subprotocol request (a JSON"
                    + " object with a type)");
            return;
        }
        String type = m.get("type").asText();
        Long ackId = m.path("ackId").canConvertToLong() ? m.get("ackId").asLong() : null;
        if (ackId != null && !type.equals("sequenceAck") && !c.firstAck(ackId)) {
            ack(c, ackId, "Duplicate", "The ackId " + ackId + " was used before on this connection");
            return;
        }
        String group = m.path("group").asText("");
        switch (type) {
            case "joinGroup", "leaveGroup" -> {
                if (group.isEmpty()) {
                    ack(c, ackId, "BadRequest", "The request has no group");
                } else if (!c.may("joinLeaveGroup", group)) {
                    ack(c, ackId, "Forbidden", "The connection has no permission to join or leave group " + group);
                } else {
                    HubState hub = service.state(c.hub);
                    if (type.equals("joinGroup")) {
                        hub.join(group, c);
                    } else {
                        hub.leave(group, c);
                    }
                    ack(c, ackId, null, null);
                }
            }
            case "sendToGroup" -> {
                Payload p;
                try {
                    p = Payload.ofMessage(m);
                } catch (IllegalArgumentException e) {
                    ack(c, ackId, "BadRequest", e.getMessage());
                    return;
                }
                if (group.isEmpty()) {
                    ack(c, ackId, "BadRequest", "The request has no group");
                } else if (!c.may("sendToGroup", group)) {
                    ack(c, ackId, "Forbidden", "The connection has no permission to send to group " + group);
                } else {
                    ObjectNode from = Payload.object().put("from", "group").put("group", group);
                    if (c.userId != null) {
                        from.put("fromUserId", c.userId);
                    }
                    boolean noEcho = m.path("noEcho").asBoolean(false);
                    for (ClientConnection r : service.state(c.hub).group(group)) {
                        if (!(noEcho && r == c)) {
                            r.send(p, from);
                        }
                    }
                    ack(c, ackId, null, null);
                }
            }
            case "event" -> {
                String event = m.path("event").asText("");
                Payload p;
                try {
                    p = Payload.ofMessage(m);
                } catch (IllegalArgumentException e) {
                    ack(c, ackId, "BadRequest", e.getMessage());
                    return;
                }
                if (event.isEmpty()) {
                    ack(c, ackId, "BadRequest", "The event request has no event name");
                } else {
                    ConnectionEvents.userEvent(service, c, event, p, ackId);
                }
            }
            case "sequenceAck" -> {
                // nothing is kept for replay, so nothing to release
            }
            case "ping" -> c.sendFrame(Payload.object().put("type", "pong"));
            default -> {
                service.log.accept("connection " + c.id + ": request type '" + type + "' is not emulated");
                ack(c, ackId, "BadRequest", "The request type '" + type + "' is not supported by this emulation");
            }
        }
    }

    /** Acknowledges a request when it had an ackId: success when {@code error} is null. */
    static void ack(ClientConnection c, Long ackId, String error, String message) {
        if (ackId == null) {
            return;
        }
        ObjectNode ack = Payload.object().put("type", "ack").put("ackId", ackId).put("success", error == null);
        if (error != null) {
            ack.putObject("error").put("name", error).put("message", message);
        }
        c.sendFrame(ack);
    }
}
