package dev.switchboard.lambdas;

import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.RoomNames;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Rooms;
import java.util.Map;

/**
 * {@code $connect}: stores the connection (user, connectedAt, region, callback URL, TTL) and, with
 * {@code ?room=<name>}, joins that room: the other members get presence, the joiner gets no {@code joined} frame (a
 * post to a connection during its own {@code $connect} answers 410). 200 opens the handshake; an invalid room name
 * answers 400.
 */
public class ConnectHandler extends RouteHandler {
    public ConnectHandler() {
        this(System.getenv());
    }

    public ConnectHandler(Map<String, String> env) {
        super(env);
    }

    ConnectHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        Member me = ctx.sender(r);
        if (me.userId() == null) {
            throw new IllegalStateException("the authorizer context has neither userId nor principalId");
        }
        String room = r.queryParameter("room");
        if (room != null) {
            RoomNames.require(room);
        }
        ctx.repository().putConnection(me, r.connectedAt(), ctx.ttl(r));
        if (room != null) {
            Rooms.Joined j = ctx.rooms().join(me, room, ctx.ttl(r), r.deadlineMillis());
            SendHandler.countFanOut(r, j.presence());
        }
        return RouteResponse.ok();
    }
}
