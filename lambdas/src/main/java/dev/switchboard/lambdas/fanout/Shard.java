package dev.switchboard.lambdas.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.store.Member;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One message on the fan-out queue: a page of a room's recipients and the frame to post to them, or, when the shard
 * with its frame would pass SQS's message size, a reference to the frame stored once in the connection table
 * ({@link FanoutStore#putFrame}).
 *
 * <p>Body: {@code {"v":1,"id":<message id>,"room":r,"sender":<connection id>,"shard":i,"frame":"<frame JSON>",
 * "recipients":[{"c":connectionId,"u":userId,"r":region,"url":callbackUrl,"t":connectedAt}]}}; a shard by reference
 * has {@code "frameRef":true} instead of {@code "frame"}.
 *
 * @param id         the message id (API Gateway's, of the sender's frame): with {@code shard}, the idempotency key
 * @param room       the room (its by-room records of gone recipients are purged)
 * @param sender     the sender's connection (never posted to, never purged)
 * @param shard      this shard's index within the message
 * @param frame      the frame's bytes, or null when {@code frameRef}
 * @param frameRef   whether the frame is stored in the table under {@code id}
 * @param recipients whom to post to, in a fixed order (the progress bitmap indexes it)
 */
public record Shard(String id, String room, String sender, int shard, byte[] frame, boolean frameRef,
                    List<Member> recipients) {
    public static final int VERSION = 1;

    public Shard {
        recipients = List.copyOf(recipients);
        if (frameRef == (frame != null)) {
            throw new IllegalArgumentException("a shard carries either its frame or a reference to it");
        }
    }

    /** The same shard with its frame replaced by a reference. */
    public Shard byReference() {
        return new Shard(id, room, sender, shard, null, true, recipients);
    }

    /** The same shard with {@code frameBytes} as its frame (a shard by reference, resolved). */
    public Shard withFrame(byte[] frameBytes) {
        return new Shard(id, room, sender, shard, frameBytes, false, recipients);
    }

    public String toJson() {
        ObjectNode o = Json.object();
        o.put("v", VERSION).put("id", id).put("room", room).put("sender", sender).put("shard", shard);
        if (frameRef) {
            o.put("frameRef", true);
        } else {
            o.put("frame", new String(frame, StandardCharsets.UTF_8));
        }
        ArrayNode rs = o.putArray("recipients");
        for (Member m : recipients) {
            ObjectNode r = rs.addObject().put("c", m.connectionId()).put("u", m.userId());
            if (m.region() != null) {
                r.put("r", m.region());
            }
            if (m.callbackUrl() != null) {
                r.put("url", m.callbackUrl());
            }
            if (m.connectedAt() > 0) {
                r.put("t", m.connectedAt());
            }
        }
        return Json.write(o);
    }

    /**
     * Parses a body written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when it is not a shard of this version (a poison message: it goes to the
     *                                  dead-letter queue after its receives)
     */
    public static Shard parse(String body) {
        JsonNode o = Json.parseOrNull(body);
        if (o == null || !o.isObject() || o.path("v").asInt() != VERSION || !o.path("id").isTextual()
                || !o.path("recipients").isArray() || !o.path("shard").isInt()) {
            throw new IllegalArgumentException("not a fan-out shard of version " + VERSION);
        }
        List<Member> rs = new ArrayList<>(o.get("recipients").size());
        for (JsonNode r : o.get("recipients")) {
            rs.add(new Member(r.path("c").asText(), r.path("u").asText(), text(r, "r"), text(r, "url"),
                    r.path("t").asLong(0)));
        }
        boolean ref = o.path("frameRef").asBoolean(false);
        byte[] frame = ref ? null : o.path("frame").asText().getBytes(StandardCharsets.UTF_8);
        return new Shard(o.get("id").asText(), text(o, "room"), text(o, "sender"), o.get("shard").asInt(), frame,
                ref, rs);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
