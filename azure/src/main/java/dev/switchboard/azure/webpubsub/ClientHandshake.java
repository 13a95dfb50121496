package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The client endpoint's handshake on {@code /client/hubs/{hub}} (concept-service-internals, "Client connection"):
 * the {@code access_token} (HS256 with either key, {@code aud} the hub's client URL, not expired; {@code sub} is the
 * user, {@code role} and {@code webpubsub.group} the roles and groups), or none when the hub allows anonymous
 * connect; then the blocking {@code connect} event when the hub has one, whose 4xx answer is the client's answer
 * (5xx and failures answer 500) and whose 200 body may set {@code userId}, {@code groups}, {@code roles} and
 * {@code subprotocol} (reference-cloud-events, "System connect event"); then the upgrade. Without a handler's choice
 * the service's own subprotocols are accepted when the client offers them.
 */
final class ClientHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalWebPubSub service;
    private final ServerWebSocketContainer ws;

    ClientHandshake(LocalWebPubSub service, ServerWebSocketContainer ws) {
        this.service = service;
        this.ws = ws;
    }

    void handle(Request request, Response response, Callback callback, String hubName) {
        HubSettings hub;
        try {
            hub = service.hub(hubName);
        } catch (IllegalArgumentException e) {
            ServiceHandler.error(response, callback, 400, "BadRequest", e.getMessage());
            return;
        }
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (!"GET".equals(request.getMethod()) || upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            ServiceHandler.error(response, callback, 400, "BadRequest", "the client endpoint takes WebSocket"
                    + " upgrade requests (GET with Upgrade: websocket)");
            return;
        }
        Fields query = ServiceHandler.query(request);
        String token = query.getValue("access_token");
        JsonNode claims = Payload.object();
        if (token != null) {
            try {
                claims = Jwt.verify(token, service.keys, service.clock.instant());
                checkAudience(claims, hub);
            } catch (Jwt.InvalidTokenException e) {
                service.log.accept("client handshake to hub " + hub.name() + " refused with 401: " + e.getMessage());
                ServiceHandler.error(response, callback, 401, "Unauthorized", e.getMessage());
                return;
            }
        } else if (query.getValue("awps_reconnection_token") != null) {
            ServiceHandler.error(response, callback, 404, "NotFound", "reconnection (awps_reconnection_token) is"
                    + " not emulated: connect anew");
            return;
        } else if (!hub.anonymousConnect()) {
            service.log.accept("client handshake to hub " + hub.name() + " refused with 401: no access_token and"
                    + " the hub does not allow anonymous connect");
            ServiceHandler.error(response, callback, 401, "Unauthorized", "an access_token is required: the hub"
                    + " does not allow anonymous connect");
            return;
        }
        String userId = claims.hasNonNull("sub") ? claims.get("sub").asText() : null;
        Set<String> roles = new LinkedHashSet<>(strings(claims.get("role")));
        Set<String> groups = new LinkedHashSet<>(strings(claims.get("webpubsub.group")));
        List<String> offered = offered(request);
        String subprotocol = offered.stream().filter(p -> Subprotocol.of(p) != null).findFirst().orElse(null);
        String connectionId = connectionId();
        String state = null;
        if (hub.handlesSystem("connect")) {
            EventHandlerClient.Event connect = new EventHandlerClient.Event("azure.webpubsub.sys.connect", "connect",
                    hub, connectionId, userId, null, null);
            EventHandlerClient.Reply reply = service.events.deliver(connect, "application/json; charset=utf-8",
                    connectBody(claims, query, request, offered));
            if (!reply.ok()) {
                int status = reply.status() >= 400 && reply.status() <= 499 ? reply.status() : 500;
                service.log.accept("client handshake to hub " + hub.name() + " refused with " + status
                        + ": the connect event " + (reply.status() == 0 ? "failed: " + reply.problem()
                        : "answered " + reply.status()));
                response.setStatus(status);
                if (reply.contentType() != null) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
                }
                response.write(true, java.nio.ByteBuffer.wrap(reply.body()), callback);
                return;
            }
            state = reply.state();
            if (reply.status() == 200 && reply.body().length > 0) {
                JsonNode answer;
                try {
                    answer = Jwt.JSON.readTree(reply.body());
                } catch (IOException e) {
                    answer = null;
                }
                if (answer == null || !answer.isObject()) {
                    service.log.accept("client handshake to hub " + hub.name() + " refused with 500: the connect"
                            + " event answered 200 with a body that is not a JSON object");
                    ServiceHandler.error(response, callback, 500, "InternalServerError", "the event handler's"
                            + " connect answer is not a JSON object");
                    return;
                }
                if (answer.hasNonNull("userId") && !answer.get("userId").asText().isEmpty()) {
                    userId = answer.get("userId").asText();
                }
                groups.addAll(strings(answer.get("groups")));
                roles.addAll(strings(answer.get("roles")));
                String chosen = answer.path("subprotocol").asText("");
                if (!chosen.isEmpty()) {
                    if (!offered.contains(chosen)) {
                        service.log.accept("client handshake to hub " + hub.name() + " refused with 500: the"
                                + " connect event chose subprotocol '" + chosen + "', which the client did not offer");
                        ServiceHandler.error(response, callback, 500, "InternalServerError", "the event handler"
                                + " chose a subprotocol the client did not offer");
                        return;
                    }
                    subprotocol = chosen;
                }
            }
        }
        ClientConnection c = new ClientConnection(connectionId, hub, userId, roles, subprotocol, state);
        String accepted = subprotocol;
        boolean upgraded = ws.upgrade((rq, rs, cb) -> {
            if (accepted != null) {
                rs.setAcceptedSubProtocol(accepted);
            }
            return new ClientSocket(service, c, List.copyOf(groups));
        }, request, response, callback);
        if (!upgraded) {
            ServiceHandler.error(response, callback, 400, "BadRequest", "not a valid WebSocket upgrade request");
        }
    }

    private void checkAudience(JsonNode claims, HubSettings hub) throws Jwt.InvalidTokenException {
        List<String> audiences = strings(claims.get("aud"));
        for (String aud : audiences) {
            try {
                URI u = URI.create(aud);
                String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
                if (path.equalsIgnoreCase("/client/hubs/" + hub.name()) && u.getPort() == service.port()) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                // not a URL: not this hub's audience
            }
        }
        throw new Jwt.InvalidTokenException("the token's aud " + audiences + " is not this hub's client URL "
                + service.endpoint() + "/client/hubs/" + hub.name());
    }

    private static byte[] connectBody(JsonNode claims, Fields query, Request request, List<String> offered) {
        ObjectNode body = Payload.object();
        ObjectNode c = body.putObject("claims");
        for (Map.Entry<String, JsonNode> e : claims.properties()) {
            ArrayNode values = c.putArray(e.getKey());
            strings(e.getValue()).forEach(values::add);
        }
        ObjectNode q = body.putObject("query");
        for (Fields.Field f : query) {
            ArrayNode values = q.putArray(f.getName());
            f.getValues().forEach(values::add);
        }
        ObjectNode h = body.putObject("headers");
        for (HttpField f : request.getHeaders()) {
            ArrayNode values = h.has(f.getName()) ? (ArrayNode) h.get(f.getName()) : h.putArray(f.getName());
            values.add(f.getValue());
        }
        ArrayNode s = body.putArray("subprotocols");
        offered.forEach(s::add);
        body.putArray("clientCertificates");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> offered(Request request) {
        List<String> out = new ArrayList<>();
        for (String v : request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    /** A claim's values: an array's items, or the one value, as strings. */
    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    private static String connectionId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
