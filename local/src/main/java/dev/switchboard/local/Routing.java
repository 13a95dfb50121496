package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Route;

/**
 * Messages and {@code $disconnect}: routes each client message on {@code $request.body.action} (stage throttling,
 * the route's function, its route response or API Gateway's error frame) and runs {@code $disconnect} once per
 * connection. The endpoint and the gateway call these in the connection's order.
 */
final class Routing {
    private Routing() {
    }

    /** What routing needs from the gateway. */
    interface Gateway {
        /** The deployment to run this request on; read once per request. */
        Deployment deployment();

        /** The API's identity in events. */
        Events.Api api();

        /** Takes a token from the stage's throttle; false when the stage is over its rate. */
        boolean tryThrottle();

        /** Forgets a connection that has closed. */
        void forget(Connection c);
    }

    /**
     * Routes one client message on {@code $request.body.action}; runs in the connection's order. {@code arrival} (epoch
     * ms) is when the frame arrived, API Gateway's {@code requestTimeEpoch}, not when its turn came.
     */
    static void route(Gateway g, Connection c, String body, long arrival) {
        String requestId = Ids.requestId();
        if (!g.tryThrottle()) {
            c.reply(errorFrame("Too Many Requests", c.id, requestId));
            return;
        }
        Deployment d = g.deployment();
        String routeKey = select(d, body);
        if (routeKey == null) {
            c.reply(errorFrame("Forbidden", c.id, requestId));
            return;
        }
        Route route = d.blueprint().route(routeKey);
        long now = arrival;
        byte[] out;
        try {
            out = d.functions().invoke(route.function(),
                    GatewayHandler.bytes(Events.message(g.api(), c, routeKey, body, Ids.messageId(c.id), requestId, now)), requestId);
        } catch (Exception | LinkageError e) {
            System.err.println("switchboard-local: route " + routeKey + " failed for " + c.id + ": " + e);
            c.reply(errorFrame("Internal server error", c.id, requestId));
            return;
        }
        if (!route.twoWay()) {
            return;
        }
        JsonNode result = LocalGateway.parse(out);
        if (result == null || !result.isObject()) {
            c.reply(errorFrame("Internal server error", c.id, requestId));
            return;
        }
        JsonNode reply = result.get("body");
        if (reply == null || reply.isNull()) {
            return;
        }
        if (!reply.isTextual()) {
            c.reply(errorFrame("Internal server error", c.id, requestId));
            return;
        }
        if (!reply.asText().isEmpty()) {
            c.reply(reply.asText());
        }
    }

    /** The route key for {@code body}: its {@code action} if a route has that key, else {@code $default}, else null. */
    static String select(Deployment d, String body) {
        JsonNode json = LocalGateway.parse(LocalGateway.utf8(body));
        if (json != null && json.isObject() && json.path("action").isTextual()) {
            String action = json.get("action").asText();
            Route r = d.blueprint().route(action);
            if (r != null && !r.predefined()) {
                return action;
            }
        }
        return d.blueprint().route(Route.DEFAULT) != null ? Route.DEFAULT : null;
    }

    /** API Gateway's error frame, byte for byte: a space after {@code "message":}, none after the others. */
    static String errorFrame(String message, String connectionId, String requestId) {
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                + requestId + "\"}";
    }

    /** Runs {@code $disconnect} once for {@code c}; later calls do nothing. */
    static void disconnect(Gateway g, Connection c, int code, String reason) {
        if (!c.markDisconnected()) {
            return;
        }
        g.forget(c);
        Deployment d = g.deployment();
        Route route = d.blueprint().route(Route.DISCONNECT);
        if (route == null) {
            return;
        }
        String requestId = Ids.requestId();
        try {
            d.functions().invoke(route.function(),
                    GatewayHandler.bytes(Events.disconnect(g.api(), c, code, reason, requestId, System.currentTimeMillis())), requestId);
        } catch (Exception | LinkageError e) {
            System.err.println("switchboard-local: $disconnect failed for " + c.id + ": " + e);
        }
    }
}
