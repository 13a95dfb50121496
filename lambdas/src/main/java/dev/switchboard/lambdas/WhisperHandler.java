package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.UserIds;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.WebSocketRequest;
import java.util.Map;

/**
 * {@code whisper}: posts {@code {"type":"whisper","from":..,"id":..,"ts":..,"data":..}} (and the sender's {@code cid})
 * to every live connection of user {@code to} (except the sending connection). One-way like {@code send}: an ack with
 * the number of successful posts (0 when the user is offline) only with {@code "ack": true}; errors are posted. A
 * {@code to} that is not a valid user id ({@link UserIds}) is MISSING_FIELD, as on every platform.
 */
public class WhisperHandler extends RouteHandler {
    public WhisperHandler() {
        this(System.getenv());
    }

    public WhisperHandler(Map<String, String> env) {
        super(env);
    }

    WhisperHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected boolean repliesByPost() {
        return true;
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        ctx.admission().admitMessage(r);
        String to = r.requireString("to");
        if (!UserIds.isValid(to)) {
            throw ProtocolException.missing("to", "a user id (1-" + UserIds.MAX_CHARS
                    + " characters, no control characters, no whitespace at either end)");
        }
        JsonNode data = SendHandler.requireData(r, ctx.config().maxDataBytes());
        AckRequest ack = AckRequest.of(r);
        String id = r.messageId();
        byte[] frame = Json.bytes(Frames.whisper(r.userId(), id, ctx.clock().millis(), ack.cid(), data));
        Broadcaster.Result result = ctx.broadcaster().fanOut(ctx.repository().connectionsOfUser(to), frame,
                r.connectionId(), null, r.deadlineMillis());
        SendHandler.countFanOut(r, result);
        SendHandler.logDeadline(ctx, r, result);
        return ack.reply(id, result);
    }
}
