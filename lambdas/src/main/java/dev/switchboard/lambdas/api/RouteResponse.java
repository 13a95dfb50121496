package dev.switchboard.lambdas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a handler returns to API Gateway: {@code {"statusCode":..,"body":".."}}. The body reaches the sender only on
 * two-way routes; on {@code $connect} the status decides the handshake.
 */
public record RouteResponse(int statusCode, String body) {
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
        return n;
    }
}
