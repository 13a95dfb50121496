package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code whisper}: posts {@code {"type":"whisper","from":..,"data":..}} to every connection of user {@code to} (except
 * the sending connection) and replies ack with the number of successful posts (0 when the user is offline).
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
    protected RouteResponse handle(WebSocketRequest r) {
        ctx.admitMessage(r);
        String to = r.requireString("to");
        JsonNode data = SendHandler.requireData(r, ctx.config().maxDataBytes());
        byte[] frame = Json.bytes(Frames.whisper(r.userId(), data));
        Broadcaster.Result result = ctx.broadcaster().fanOut(ctx.repository().connectionsOfUser(to), frame,
                r.connectionId(), null);
        SendHandler.countFanOut(r, result);
        return RouteResponse.reply(Frames.ack(r.messageId(), result.delivered()));
    }
}
