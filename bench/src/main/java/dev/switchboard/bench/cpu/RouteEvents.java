package dev.switchboard.bench.cpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * API Gateway WebSocket proxy events as a Lambda handler receives them (docs/protocol.md; the fields the handlers
 * read): {@code $connect} (with an optional {@code ?room=}), a message with a frame as its body, {@code $disconnect}.
 * The authorizer's context ({@code userId}) is on every event, as API Gateway passes it to every route.
 */
final class RouteEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Now: the handlers treat records whose TTL has passed as gone. */
    private static final long CONNECTED_AT = System.currentTimeMillis();

    private RouteEvents() {
    }

    static byte[] connect(String connectionId, String userId, String room) {
        ObjectNode e = event("$connect", "CONNECT", connectionId, userId);
        if (room != null) {
            e.putObject("queryStringParameters").put("room", room);
        }
        return bytes(e);
    }

    /** A message on the route of the frame's {@code action}. */
    static byte[] message(String connectionId, String userId, String frame) throws java.io.IOException {
        String action = JSON.readTree(frame).path("action").asText();
        ObjectNode e = event(action, "MESSAGE", connectionId, userId);
        ((ObjectNode) e.get("requestContext")).put("messageId", "msg-" + connectionId);
        e.put("body", frame);
        return bytes(e);
    }

    static byte[] disconnect(String connectionId, String userId) {
        ObjectNode e = event("$disconnect", "DISCONNECT", connectionId, userId);
        ((ObjectNode) e.get("requestContext")).put("disconnectStatusCode", 1001).put("disconnectReason", "Going away");
        return bytes(e);
    }

    private static ObjectNode event(String routeKey, String eventType, String connectionId, String userId) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode c = e.putObject("requestContext");
        c.put("routeKey", routeKey).put("eventType", eventType).put("connectionId", connectionId)
                .put("requestId", "req-" + connectionId).put("connectedAt", CONNECTED_AT)
                .put("requestTimeEpoch", CONNECTED_AT + 1000).put("domainName", "bench.local").put("stage", "dev")
                .put("apiId", "bench");
        c.putObject("authorizer").put("userId", userId).put("principalId", userId);
        e.put("isBase64Encoded", false);
        return e;
    }

    private static byte[] bytes(ObjectNode e) {
        return e.toString().getBytes(StandardCharsets.UTF_8);
    }
}
