package dev.switchboard.lambdas;

import java.util.Map;

/**
 * {@code join} and {@code leave}. Join replies {@code joined} with the room's distinct users (the joiner included)
 * and sends presence {@code join} to the others on the user's first connection there; leave replies {@code left}
 * (NOT_A_MEMBER if the connection is not in the room) and sends presence {@code leave} on the user's last connection.
 */
public class RoomsHandler extends RouteHandler {
    public RoomsHandler() {
        this(System.getenv());
    }

    public RoomsHandler(Map<String, String> env) {
        super(env);
    }

    RoomsHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        ctx.admitMessage(r);
        String action = r.requireString("action");
        String room = RoomNames.of(r);
        Member me = ctx.sender(r);
        switch (action) {
            case "join" -> {
                Rooms.Joined j = ctx.rooms().join(me, room, ctx.ttl(r));
                SendHandler.countFanOut(r, j.presence());
                return RouteResponse.reply(Frames.joined(room, j.members()));
            }
            case "leave" -> {
                SendHandler.countFanOut(r, ctx.rooms().leave(me, room));
                return RouteResponse.reply(Frames.left(room));
            }
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_ACTION,
                    "this route handles join and leave, not '" + action + "'");
        }
    }
}
