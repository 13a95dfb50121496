package ${package};

import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RoomNames;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.store.Member;
import java.util.List;
import java.util.Map;

/**
 * The typing indicator: {@code {"action":"typing","room":"r"}} tells the room's other member connections
 * {@code {"type":"typing","room":"r","user":"u"}}. A one-way route (switchboard.json): the sender gets no reply, except
 * an error frame (NOT_A_MEMBER, RATE_LIMITED, MISSING_FIELD).
 */
public class TypingHandler extends RouteHandler {
    /** Lambda's constructor: the function's environment variables. */
    public TypingHandler() {
        this(System.getenv());
    }

    /** The local API's and the tests' constructor. */
    public TypingHandler(Map<String, String> env) {
        super(env);
    }

    TypingHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        ctx.admission().admitMessage(r);
        String room = RoomNames.require(r.requireString("room"));
        List<Member> members = ctx.repository().roomMembers(room);
        if (members.stream().noneMatch(m -> m.connectionId().equals(r.connectionId()))) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "join room '" + room + "' first");
        }
        byte[] frame = Json.bytes(Json.object().put("type", "typing").put("room", room).put("user", r.userId()));
        Broadcaster.Result result = ctx.broadcaster().fanOut(members, frame, r.connectionId(), room);
        r.count(Telemetry.FAN_OUT, result.recipients());
        return RouteResponse.ok();
    }

    @Override
    protected boolean repliesByPost() {
        return true;
    }
}
