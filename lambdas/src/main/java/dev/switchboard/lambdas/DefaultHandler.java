package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.api.WebSocketRequest;
import java.util.Map;

/**
 * {@code $default}: frames that no route matched. Text that is not a JSON object answers BAD_JSON; a JSON object
 * without a known {@code action} answers UNKNOWN_ACTION. Needs no table.
 */
public class DefaultHandler extends RouteHandler {
    public DefaultHandler() {
        this(System.getenv());
    }

    public DefaultHandler(Map<String, String> env) {
        super(env);
    }

    DefaultHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        JsonNode action = r.frame().get("action");
        r.count(Telemetry.MESSAGES, 1);
        if (action == null || !action.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "frames need a string 'action'");
        }
        String a = action.asText();
        String shown = a.length() > 64 ? a.substring(0, 64) + "..." : a;
        throw new ProtocolException(ErrorCode.UNKNOWN_ACTION, "unknown action '" + shown + "'");
    }
}
