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
 * {@code $disconnect}: gives back the connection's slot, removes it from its rooms (presence {@code leave} where it was
 * the user's last connection) and deletes its record ({@link ConnectionCleanup}). Idempotent: a repeated or late
 * event finds nothing left to do, and a clean-up that fails part-way runs again while the invocation has time
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
        int fanOut = ConnectionCleanup.run(ctx, me);
        if (fanOut > 0) {
            r.count(Telemetry.FAN_OUT, fanOut);
        }
        return RouteResponse.ok();
    }
}
