package dev.switchboard.azure.function;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the event handler answers the service: a status, headers and a body (possibly empty).
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    the body; empty for none
 */
public record Reply(int status, Map<String, String> headers, byte[] body) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    /** 204: handled, nothing to say (unblocking events, and user events with no reply frame). */
    public static Reply noContent() {
        return new Reply(204, Map.of(), new byte[0]);
    }

    /** 200 with a text frame for the caller: the service sends a {@code text/plain} body as one text frame. */
    public static Reply frame(String text) {
        return new Reply(200, Map.of("Content-Type", "text/plain; charset=utf-8"), bytes(text));
    }

    /** 200 with a JSON body (the {@code connect} event's answer). */
    public static Reply json(String json) {
        return new Reply(200, Map.of("Content-Type", "application/json; charset=utf-8"), bytes(json));
    }

    /** A refusal or an error with a short plain-text (or JSON) body. */
    public static Reply status(int status, String body) {
        return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), bytes(body));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
