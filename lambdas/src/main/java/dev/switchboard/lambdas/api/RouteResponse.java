package dev.switchboard.lambdas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What a handler returns to API Gateway: {@code {"statusCode":..,"body":"..","headers":{..}}}. The body reaches the
 * sender only on two-way routes; on {@code $connect} the status decides the handshake and the headers go back on the
 * 101 (API Gateway uses them to answer {@code Sec-WebSocket-Protocol},
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html).
 *
 * @param headers response headers (default none)
 */
public record RouteResponse(int statusCode, String body, Map<String, String> headers) {
    public RouteResponse {
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    /** Without headers. */
    public RouteResponse(int statusCode, String body) {
        this(statusCode, body, Map.of());
    }

    /** 200 with no body. */
    public static RouteResponse ok() {
        return new RouteResponse(200, null);
    }

    /** 200 with {@code frame} as the body. */
    public static RouteResponse reply(JsonNode frame) {
        return new RouteResponse(200, Json.write(frame));
    }

    public JsonNode toJson() {
        ObjectNode n = Json.object().put("statusCode", statusCode);
        if (body != null) {
            n.put("body", body);
        }
        if (!headers.isEmpty()) {
            ObjectNode h = n.putObject("headers");
            new java.util.TreeMap<>(headers).forEach(h::put);
        }
        return n;
    }
}
