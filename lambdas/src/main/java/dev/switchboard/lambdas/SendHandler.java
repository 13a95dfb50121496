package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RoomNames;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.fanout.FanoutClients;
import dev.switchboard.lambdas.fanout.ShardedFanOut;
import dev.switchboard.lambdas.store.Member;
import java.util.List;
import java.util.Map;

/**
 * {@code send}: posts {@code {"type":"message",..}} (with {@code id}, {@code ts} and the sender's {@code cid}) to
 * every member connection of the room except the sending one. Only members may send (NOT_A_MEMBER); {@code data}
 * above MAX_DATA_BYTES answers TOO_LARGE. Gone recipients are purged and never fail the send. The route is one-way:
 * with {@code "ack": true} the sender gets {@code {"type":"ack","id":..,"cid":..,"delivered":n}} posted back, and
 * errors are posted too ({@link RouteHandler#repliesByPost()}). A fan-out that reaches the invocation's deadline
 * stops, reports {@code undelivered} in the ack and logs {@code fan-out stopped at deadline}. A room with more than
 * {@code FANOUT_SHARD_THRESHOLD} recipients goes to the sharded fan-out queue instead (when {@code FANOUT_QUEUE_URL}
 * is set): the ack says {@code queued} (docs/fanout.md).
 */
public class SendHandler extends RouteHandler {
    private final ShardedFanOut sharded;

    public SendHandler() {
        this(System.getenv());
    }

    public SendHandler(Map<String, String> env) {
        super(env);
        this.sharded = ctx.config().tableName() == null ? null
                : FanoutClients.shardedFanOut(env, ctx.config(), ctx.clients());
    }

    SendHandler(HandlerContext ctx) {
        this(ctx, null);
    }

    SendHandler(HandlerContext ctx, ShardedFanOut sharded) {
        super(ctx);
        this.sharded = sharded;
    }

    @Override
    protected boolean repliesByPost() {
        return true;
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        ctx.admission().admitMessage(r);
        String room = RoomNames.of(r);
        JsonNode data = requireData(r, ctx.config().maxDataBytes());
        AckRequest ack = AckRequest.of(r);
        List<Member> members = ctx.repository().roomMembers(room);
        if (members.stream().noneMatch(m -> m.connectionId().equals(r.connectionId()))) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "join room '" + room + "' before sending to it");
        }
        String id = r.messageId();
        byte[] frame = Json.bytes(Frames.message(room, r.userId(), id, ctx.clock().millis(), ack.cid(), data));
        if (sharded != null && sharded.config().shards(members.size() - 1)) {
            ShardedFanOut.Queued q = sharded.enqueue(id, room, r.connectionId(), members, frame, ctx.clock().millis());
            r.count(Telemetry.FAN_OUT, q.queued());
            return ack.wanted() ? RouteResponse.reply(Frames.ack(id, ack.cid(), 0, q.failed(), q.queued()))
                    : RouteResponse.ok();
        }
        Broadcaster.Result result = ctx.broadcaster().fanOut(members, frame, r.connectionId(), room,
                r.deadlineMillis());
        countFanOut(r, result);
        logDeadline(ctx, r, result);
        return ack.reply(id, result);
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

    /** One WARN line when a fan-out stopped at the invocation's deadline. */
    static void logDeadline(HandlerContext ctx, WebSocketRequest r, Broadcaster.Result result) {
        if (result.undelivered() > 0) {
            ctx.telemetry().warn(r, "fan-out stopped at deadline", Map.of("recipients", result.recipients(),
                    "delivered", result.delivered(), "undelivered", result.undelivered()));
        }
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
