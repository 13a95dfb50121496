package dev.switchboard.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Building client frames and checking replies (docs/protocol.md). */
public final class Frames {
    static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    public static ObjectNode action(String action) {
        return JSON.createObjectNode().put("action", action);
    }

    public static String join(String room) {
        return action("join").put("room", room).toString();
    }

    public static String leave(String room) {
        return action("leave").put("room", room).toString();
    }

    public static String ping() {
        return action("ping").toString();
    }

    /** A send with {@code "ack":true} and a client id. */
    public static String sendAcked(String room, String cid, JsonNode data) {
        ObjectNode n = action("send").put("room", room).put("ack", true).put("cid", cid);
        n.set("data", data);
        return n.toString();
    }

    public static String send(String room, JsonNode data) {
        ObjectNode n = action("send").put("room", room);
        n.set("data", data);
        return n.toString();
    }

    public static String whisperAcked(String to, String cid, JsonNode data) {
        ObjectNode n = action("whisper").put("to", to).put("ack", true).put("cid", cid);
        n.set("data", data);
        return n.toString();
    }

    public static JsonNode text(String s) {
        return JSON.getNodeFactory().textNode(s);
    }

    public static void check(boolean ok, String message) {
        if (!ok) {
            throw new ProbeFailure(message);
        }
    }

    /** Fails unless {@code n} is {@code {"type":type,...}}. */
    public static void checkType(JsonNode n, String type) {
        check(type.equals(n.path("type").asText()), "expected a '" + type + "' frame, got " + abbreviate(n.toString()));
    }

    /** At most 300 characters of {@code s}, for failure messages. */
    public static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }
}
