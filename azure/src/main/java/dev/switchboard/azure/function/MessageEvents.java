package dev.switchboard.azure.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.azure.store.Connection;
import dev.switchboard.azure.store.Connections;
import dev.switchboard.azure.store.Memberships;
import dev.switchboard.azure.store.RateLimits;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.blueprint.UserIds;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RoomNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code azure.webpubsub.user.message} event: one frame of a plain WebSocket client, handled as docs/protocol.md
 * defines it, with its answer (a reply frame, an ack, an error frame) as the event's response body, which the service
 * sends back to the caller as a text frame (reference-cloud-events.md, "User event message": "When the Content-Type is
 * text/plain, the service sends UserResponsePayload to the client using text WebSocket frame"). Errors are answered
 * with status 200 and an error frame: a non-2xx answer would make the service drop the connection, and the protocol
 * keeps it open.
 *
 * <p>Counted frames ({@code join}, {@code members}, {@code leave}, {@code send}, {@code whisper}) first read the
 * connection's record (no record: RATE_LIMITED, as on AWS) and take the user id from it, then pass the user's rate
 * limit, whose time is the event's {@code ce-time}.
 *
 * <p>{@code delivered} in acks: Web PubSub's send APIs answer 202 (accepted) without a count, so an ack's
 * {@code delivered} is the number of connections the service was asked to reach: the room's member connections
 * (its counter) minus the sender for {@code send}, the user's connections (minus the sender's own) for
 * {@code whisper} (docs/azure.md).
 */
final class MessageEvents {
    static final int MAX_CID_LENGTH = 64;
    private final Connections connections;
    private final Memberships memberships;
    private final RateLimits rates;
    private final Rooms rooms;
    private final Hub hub;
    private final Limits limits;
    private final Clock clock;
    private final Logger log;

    MessageEvents(Connections connections, Memberships memberships, RateLimits rates, Rooms rooms, Hub hub,
                  Limits limits, Clock clock, Logger log) {
        this.connections = connections;
        this.memberships = memberships;
        this.rates = rates;
        this.rooms = rooms;
        this.hub = hub;
        this.limits = limits;
        this.clock = clock;
        this.log = log;
    }

    Reply handle(CloudEvent event, byte[] body) {
        try {
            if (!"message".equals(event.eventName())) {
                throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "this hub takes plain WebSocket frames; the"
                        + " event '" + shorten(event.eventName()) + "' is not one");
            }
            if (!"text/plain".equals(event.contentType())) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "frames must be JSON objects with an 'action'"
                        + " (binary frames are not part of the protocol)");
            }
            ObjectNode reply = dispatch(event, frame(body));
            return reply == null ? Reply.noContent() : Reply.frame(Json.write(reply));
        } catch (ProtocolException e) {
            return Reply.frame(Json.write(Frames.error(e.code(), e.getMessage())));
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, "user event failed: connectionId=" + event.connectionId() + " id=" + event.id(), e);
            return Reply.frame(Json.write(Frames.error(ErrorCode.INTERNAL, "internal error; request id "
                    + event.id())));
        }
    }

    private ObjectNode dispatch(CloudEvent event, ObjectNode frame) {
        JsonNode action = frame.get("action");
        if (action == null || !action.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "frames need a string 'action'");
        }
        String a = action.asText();
        if ("ping".equals(a)) {
            return Frames.pong(event.connectionId());
        }
        if (!List.of("join", "members", "leave", "send", "whisper").contains(a)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action '" + shorten(a) + "'");
        }
        Connection me = admit(event);
        return switch (a) {
            case "join" -> {
                String room = room(frame);
                Rooms.Joined j = rooms.join(me, room, true);
                yield Frames.joined(room, j.count(), j.members(), j.next());
            }
            case "members" -> {
                String room = room(frame);
                Rooms.Page p = rooms.members(me.connectionId(), room, cursor(frame));
                yield Frames.members(room, p.members(), p.next());
            }
            case "leave" -> {
                String room = room(frame);
                rooms.leave(me.connectionId(), me.userId(), room, true);
                yield Frames.left(room);
            }
            case "send" -> send(event, me, frame);
            default -> whisper(event, me, frame);
        };
    }

    private ObjectNode send(CloudEvent event, Connection me, ObjectNode frame) {
        String room = room(frame);
        JsonNode data = data(frame);
        Ack ack = Ack.of(frame);
        if (!memberships.isMember(me.connectionId(), room)) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "join room '" + room + "' before sending to it");
        }
        hub.sendToGroup(room, Json.write(Frames.message(room, me.userId(), event.id(), clock.millis(), ack.cid(),
                data)), me.connectionId());
        if (!ack.wanted()) {
            return null;
        }
        int delivered = (int) Math.max(0, memberships.connectionCount(room) - 1);
        return Frames.ack(event.id(), ack.cid(), delivered, 0, 0);
    }

    private ObjectNode whisper(CloudEvent event, Connection me, ObjectNode frame) {
        JsonNode toNode = frame.get("to");
        if (toNode == null || !toNode.isTextual() || !UserIds.isValid(toNode.asText())) {
            throw ProtocolException.missing("to", "a user id (1-" + UserIds.MAX_CHARS
                    + " characters, no control characters, no whitespace at either end)");
        }
        String to = toNode.asText();
        JsonNode data = data(frame);
        Ack ack = Ack.of(frame);
        String text = Json.write(Frames.whisper(me.userId(), event.id(), clock.millis(), ack.cid(), data));
        int delivered;
        if (to.equals(me.userId())) {
            // the user's other connections only: a user send cannot exclude the sending connection
            List<String> others = connections.ofUser(to).stream().filter(id -> !id.equals(me.connectionId())).toList();
            others.forEach(id -> hub.sendToConnection(id, text));
            delivered = others.size();
        } else {
            hub.sendToUser(to, text);
            delivered = connections.ofUser(to).size();
        }
        return ack.wanted() ? Frames.ack(event.id(), ack.cid(), delivered, 0, 0) : null;
    }

    /** The connection's record and the rate limit: RATE_LIMITED when there is no record or the user is over it. */
    private Connection admit(CloudEvent event) {
        Connection me = connections.get(event.connectionId()).orElseThrow(() -> new ProtocolException(
                ErrorCode.RATE_LIMITED, "the server has no record of this connection; reconnect"));
        long arrival = event.time() == null ? clock.millis() : event.time().toEpochMilli();
        if (!rates.tryAcquire(me.userId(), arrival, limits.messageRatePerSecond(), limits.messageBurst())) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many messages: at most "
                    + limits.messageBurst() + " at once and " + limits.messageRatePerSecond() + " per second");
        }
        return me;
    }

    private static ObjectNode frame(byte[] body) {
        JsonNode n = Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
        if (n == null || !n.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frames must be JSON objects with an 'action'");
        }
        return (ObjectNode) n;
    }

    private static String room(ObjectNode frame) {
        JsonNode r = frame.get("room");
        return RoomNames.require(r != null && r.isTextual() ? r.asText() : null);
    }

    private JsonNode data(ObjectNode frame) {
        JsonNode data = frame.get("data");
        if (data == null || data.isNull()) {
            throw ProtocolException.missing("data", "any JSON value except null");
        }
        int size = Json.bytes(data).length;
        if (size > limits.maxDataBytes()) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "data is " + size + " bytes; the limit is "
                    + limits.maxDataBytes());
        }
        return data;
    }

    private static String cursor(ObjectNode frame) {
        JsonNode c = frame.get("cursor");
        if (c == null) {
            return null;
        }
        if (!c.isTextual()) {
            throw ProtocolException.missing("cursor", "the 'next' string of a joined or members reply");
        }
        return c.asText();
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** The optional {@code ack} and {@code cid} of a send or whisper (docs/protocol.md, "Sends, whispers and acks"). */
    private record Ack(boolean wanted, String cid) {
        static Ack of(ObjectNode frame) {
            JsonNode ack = frame.get("ack");
            if (ack != null && !ack.isBoolean()) {
                throw ProtocolException.missing("ack", "true or false when present");
            }
            JsonNode cid = frame.get("cid");
            if (cid != null && (!cid.isTextual() || cid.asText().isEmpty()
                    || cid.asText().length() > MAX_CID_LENGTH)) {
                throw ProtocolException.missing("cid", "a string of 1 to " + MAX_CID_LENGTH
                        + " characters when present");
            }
            return new Ack(ack != null && ack.asBoolean(), cid == null ? null : cid.asText());
        }
    }
}
