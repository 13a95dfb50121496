package dev.switchboard.lambdas;

import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.store.CleanupRetry;
import dev.switchboard.lambdas.store.Member;
import java.util.Map;

/**
 * {@code $disconnect}: removes the connection from its rooms (presence {@code leave} where it was the user's last
 * connection), deletes its record and gives back its connection slot. Idempotent: a repeated or late event finds
 * nothing left to do, and a clean-up that fails part-way runs again while the invocation has time
 * ({@link CleanupRetry}: API Gateway does not call {@code $disconnect} twice).
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
        Member me = r.hasAuthorizedUser() ? ctx.admission().sender(r)
                : CleanupRetry.untilDone(() -> ctx.repository().connection(r.connectionId()))
                        .orElseGet(() -> ctx.admission().sender(r));
        // the slot first: it is what a user notices (the connection cap), and the rooms' presence posts come last
        RuntimeException slotFailed = null;
        try {
            CleanupRetry.untilDone(() -> {
                ctx.repository().releaseSlot(me.userId(), me.connectionId());
                return null;
            });
        } catch (RuntimeException e) {
            slotFailed = e;
        }
        int fanOut;
        try {
            fanOut = ctx.rooms().disconnect(me);
        } catch (RuntimeException e) {
            if (slotFailed != null) {
                e.addSuppressed(slotFailed);
            }
            throw e;
        }
        if (slotFailed != null) {
            throw slotFailed;
        }
        if (fanOut > 0) {
            r.count(Telemetry.FAN_OUT, fanOut);
        }
        return RouteResponse.ok();
    }
}
