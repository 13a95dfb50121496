package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RoomNames;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Rooms;
import java.util.Map;

/**
 * {@code join}, {@code members} and {@code leave}. Join replies {@code joined} with the room's user count and the
 * first page of its members (a cursor when more follow) and sends presence {@code join} to the others when due;
 * members replies the page after a cursor (members only); leave replies {@code left} (NOT_A_MEMBER if the connection
 * is not in the room) and sends presence {@code leave} on the user's last connection.
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
        ctx.admission().admitMessage(r);
        String action = r.requireString("action");
        String room = RoomNames.of(r);
        Member me = ctx.admission().sender(r);
        switch (action) {
            case "join" -> {
                Rooms.Joined j = ctx.rooms().join(me, room, ctx.admission().ttl(r));
                SendHandler.countFanOut(r, j.presence());
                return RouteResponse.reply(Frames.joined(room, j.count(), j.members(), j.next()));
            }
            case "members" -> {
                Rooms.Page p = ctx.rooms().members(me, room, cursor(r));
                return RouteResponse.reply(Frames.members(room, p.members(), p.next()));
            }
            case "leave" -> {
                SendHandler.countFanOut(r, ctx.rooms().leave(me, room));
                return RouteResponse.reply(Frames.left(room));
            }
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_ACTION,
                    "this route handles join, members and leave, not '" + action + "'");
        }
    }

    /** The frame's optional {@code cursor}: null when absent, MISSING_FIELD when not a string. */
    private static String cursor(WebSocketRequest r) {
        JsonNode c = r.frame().get("cursor");
        if (c == null) {
            return null;
        }
        if (!c.isTextual()) {
            throw ProtocolException.missing("cursor", "the 'next' string of a joined or members reply");
        }
        return c.asText();
    }
}
