package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code send}: posts {@code {"type":"message",..}} to every member connection of the room except the sending one
 * and replies {@code {"type":"ack","id":..,"delivered":<successful posts>}}. Only members may send (NOT_A_MEMBER);
 * {@code data} above MAX_DATA_BYTES answers TOO_LARGE. Gone recipients are purged and never fail the send.
 */
public class SendHandler extends RouteHandler {
    public SendHandler() {
        this(System.getenv());
    }

    public SendHandler(Map<String, String> env) {
        super(env);
    }

    SendHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        ctx.admitMessage(r);
        String room = RoomNames.of(r);
        JsonNode data = requireData(r, ctx.config().maxDataBytes());
        List<Member> members = ctx.repository().roomMembers(room);
        if (members.stream().noneMatch(m -> m.connectionId().equals(r.connectionId()))) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "join room '" + room + "' before sending to it");
        }
        String id = r.messageId();
        byte[] frame = Json.bytes(Frames.message(room, r.userId(), id, ctx.clock().millis(), data));
        Broadcaster.Result result = ctx.broadcaster().fanOut(members, frame, r.connectionId(), room);
        countFanOut(r, result);
        return RouteResponse.reply(Frames.ack(id, result.delivered()));
    }

    /** The frame's {@code data}: MISSING_FIELD if absent, TOO_LARGE if its JSON exceeds {@code maxBytes}. */
    static JsonNode requireData(WebSocketRequest r, int maxBytes) {
        JsonNode data = r.requireField("data");
        int size = Json.bytes(data).length;
        if (size > maxBytes) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "data is " + size + " bytes; the limit is " + maxBytes);
        }
        return data;
    }

    static void countFanOut(WebSocketRequest r, Broadcaster.Result result) {
        if (result == null) {
            return;
        }
        r.count(Telemetry.FAN_OUT, result.recipients());
        if (result.gone() > 0) {
            r.count(Telemetry.GONE_PURGED, result.gone());
        }
        if (result.failed() > 0) {
            r.count(Telemetry.POST_FAILURES, result.failed());
        }
    }
}
