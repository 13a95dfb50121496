package dev.switchboard.lambdas.api;

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

    /** {@code joined}: the room's user count, the first page of members and, when more follow, {@code next}. */
    public static ObjectNode joined(String room, long count, Collection<String> members, String next) {
        ObjectNode n = Json.object().put("type", "joined").put("room", room).put("count", count);
        members.forEach(n.putArray("members")::add);
        if (next != null) {
            n.put("next", next);
        }
        return n;
    }

    /** A {@code members} page. */
    public static ObjectNode members(String room, Collection<String> members, String next) {
        ObjectNode n = Json.object().put("type", "members").put("room", room);
        members.forEach(n.putArray("members")::add);
        if (next != null) {
            n.put("next", next);
        }
        return n;
    }

    public static ObjectNode left(String room) {
        return Json.object().put("type", "left").put("room", room);
    }

    public static ObjectNode presence(String room, String user, String event) {
        return Json.object().put("type", "presence").put("room", room).put("user", user).put("event", event);
    }

    /** A room {@code message}; {@code cid} (the sender's id for it) only when given. */
    public static ObjectNode message(String room, String from, String id, long ts, String cid, JsonNode data) {
        ObjectNode n = Json.object().put("type", "message").put("room", room).put("from", from).put("id", id)
                .put("ts", ts);
        if (cid != null) {
            n.put("cid", cid);
        }
        n.set("data", data);
        return n;
    }

    /** A {@code whisper}; {@code cid} only when given. */
    public static ObjectNode whisper(String from, String id, long ts, String cid, JsonNode data) {
        ObjectNode n = Json.object().put("type", "whisper").put("from", from).put("id", id).put("ts", ts);
        if (cid != null) {
            n.put("cid", cid);
        }
        n.set("data", data);
        return n;
    }

    /**
     * An {@code ack}: {@code cid} when the sender gave one; {@code undelivered} (recipients a fan-out stopped at the
     * deadline did not reach) and {@code queued} (recipients handed to the sharded fan-out) only when non-zero.
     */
    public static ObjectNode ack(String id, String cid, int delivered, int undelivered, int queued) {
        ObjectNode n = Json.object().put("type", "ack").put("id", id);
        if (cid != null) {
            n.put("cid", cid);
        }
        n.put("delivered", delivered);
        if (undelivered > 0) {
            n.put("undelivered", undelivered);
        }
        if (queued > 0) {
            n.put("queued", queued);
        }
        return n;
    }

    /** {@code {"type":"pong","connectionId":id}}: the id lets a client (the probe) address itself on @connections. */
    public static ObjectNode pong(String connectionId) {
        return Json.object().put("type", "pong").put("connectionId", connectionId);
    }
}
