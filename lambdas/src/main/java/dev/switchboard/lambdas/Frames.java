package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Builders for the frames of the protocol (docs/protocol.md), field order as documented. */
public final class Frames {
    private Frames() {
    }

    public static ObjectNode error(ErrorCode code, String message) {
        ObjectNode n = Json.object().put("type", "error").put("code", code.name()).put("message", message);
        return n;
    }

    public static ObjectNode joined(String room, Collection<String> members) {
        ObjectNode n = Json.object().put("type", "joined").put("room", room);
        members.forEach(n.putArray("members")::add);
        return n;
    }

    public static ObjectNode left(String room) {
        return Json.object().put("type", "left").put("room", room);
    }

    public static ObjectNode presence(String room, String user, String event) {
        return Json.object().put("type", "presence").put("room", room).put("user", user).put("event", event);
    }

    public static ObjectNode message(String room, String from, String id, long ts, JsonNode data) {
        ObjectNode n = Json.object().put("type", "message").put("room", room).put("from", from).put("id", id)
                .put("ts", ts);
        n.set("data", data);
        return n;
    }

    public static ObjectNode whisper(String from, JsonNode data) {
        ObjectNode n = Json.object().put("type", "whisper").put("from", from);
        n.set("data", data);
        return n;
    }

    public static ObjectNode ack(String id, int delivered) {
        return Json.object().put("type", "ack").put("id", id).put("delivered", delivered);
    }

    public static ObjectNode pong() {
        return Json.object().put("type", "pong");
    }
}
