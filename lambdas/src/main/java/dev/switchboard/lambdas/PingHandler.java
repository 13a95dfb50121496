package dev.switchboard.lambdas;

import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.api.WebSocketRequest;
import java.util.Map;

/** {@code ping}: replies {@code {"type":"pong","connectionId":..}}. Needs no table. */
public class PingHandler extends RouteHandler {
    public PingHandler() {
        this(System.getenv());
    }

    public PingHandler(Map<String, String> env) {
        super(env);
    }

    PingHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        r.count(Telemetry.MESSAGES, 1);
        return RouteResponse.reply(Frames.pong(r.connectionId()));
    }
}
