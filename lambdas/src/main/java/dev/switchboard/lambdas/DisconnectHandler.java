package dev.switchboard.lambdas;

import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.store.Member;
import java.util.Map;

/**
 * {@code $disconnect}: removes the connection from its rooms (presence {@code leave} where it was the user's last
 * connection) and deletes its record. Idempotent: a repeated or late event finds nothing left to do.
 */
public class DisconnectHandler extends RouteHandler {
    public DisconnectHandler() {
        this(System.getenv());
    }

    public DisconnectHandler(Map<String, String> env) {
        super(env);
    }

    DisconnectHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        // the user comes with the event (the authorizer's context); the record is read only when it does not
        Member me = r.hasAuthorizedUser() ? ctx.sender(r)
                : ctx.repository().connection(r.connectionId()).orElseGet(() -> ctx.sender(r));
        int fanOut = ctx.rooms().disconnect(me);
        ctx.repository().releaseSlot(me.userId(), me.connectionId());
        if (fanOut > 0) {
            r.count(Telemetry.FAN_OUT, fanOut);
        }
        return RouteResponse.ok();
    }
}
