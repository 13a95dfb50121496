package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * The frames the client writes, checked before they are written (BAD_ARGUMENT for what the protocol would refuse), and
 * which server frame answers which request (docs/protocol.md); the JavaScript client's lib/requests.js, in Java.
 */
final class Frames {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");
    static final int MAX_CID = 64;

    private Frames() {
    }

    static SwitchboardException bad(String action, String message) {
        return new SwitchboardException(SwitchboardException.BAD_ARGUMENT, action + ": " + message, action, null, null);
    }

    static ObjectNode frame(String action) {
        return JSON.createObjectNode().put("action", action);
    }

    static void checkRoom(String action, String room) {
        if (room == null || !ROOM.matcher(room).matches()) {
            throw bad(action, "room must be 1-128 letters, digits, or _ - . : @ (got " + room + ")");
        }
    }

    static JsonNode data(String action, Object data) {
        JsonNode n = data instanceof JsonNode j ? j : JSON.valueToTree(data);
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw bad(action, "data must be JSON other than null");
        }
        return n;
    }

    static void checkCid(String action, String cid) {
        if (cid.isEmpty() || cid.length() > MAX_CID) {
            throw bad(action, "cid must be a string of 1-" + MAX_CID + " characters");
        }
    }

    /** Whether {@code m} answers (other than with an error) the request frame {@code f}. */
    static boolean answers(JsonNode f, JsonNode m) {
        String type = m.path("type").asText("");
        return switch (f.path("action").asText()) {
            case "send", "whisper" -> type.equals("ack") && m.path("cid").asText("").equals(f.path("cid").asText());
            case "join" -> type.equals("joined") && m.path("room").equals(f.path("room"));
            case "leave" -> type.equals("left") && m.path("room").equals(f.path("room"));
            case "members" -> type.equals("members") && m.path("room").equals(f.path("room"));
            case "ping" -> type.equals("pong");
            default -> false;
        };
    }

    /**
     * The error in {@code m}, or null: a protocol error frame, or API Gateway's own answer to a failed route
     * ({@code {"message": "Internal server error", "connectionId": .., "requestId": ..}}), taken as INTERNAL.
     */
    static SwitchboardException errorIn(JsonNode m, JsonNode f) {
        String action = f == null ? null : f.path("action").asText(null);
        String cid = f == null ? null : f.path("cid").asText(null);
        if ("error".equals(m.path("type").asText())) {
            String code = m.path("code").asText("INTERNAL");
            return new SwitchboardException(code, m.path("message").asText(code), action, cid, null);
        }
        if (!m.has("type") && m.path("message").isTextual() && m.has("requestId")) {
            return new SwitchboardException("INTERNAL", m.path("message").asText() + " (request "
                    + m.path("requestId").asText() + ")", action, cid, null);
        }
        return null;
    }
}
