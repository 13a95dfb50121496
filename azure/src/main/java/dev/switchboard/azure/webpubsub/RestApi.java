package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The data-plane REST API (reference-rest-api-data-plane, api-version 2024-01-01; the routes and expected statuses of
 * the Java server SDK 1.4.0's {@code WebPubSubsImpl}): sends answer 202, group and permission changes 200 (adds) or
 * 204 (removes), closes 204, existence checks 200 or 404, {@code :generateToken} 200 with {@code {"token"}}. Every
 * request needs {@code api-version} and an HS256 bearer token signed with either access key whose {@code aud} is the
 * request URL. Bodies over {@link LocalWebPubSub#MESSAGE_MAX} answer 413. OData {@code filter} parameters are not
 * emulated and answer 400 saying so.
 */
final class RestApi {
    private static final Set<String> PERMISSIONS = Set.of("sendToGroup", "joinLeaveGroup");

    private final LocalWebPubSub service;

    RestApi(LocalWebPubSub service) {
        this.service = service;
    }

    /** A request with a status and message to answer instead of going on. */
    private static final class Refused extends Exception {
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    void handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (BadMessageException e) {
            ServiceHandler.error(response, callback, 400, "BadRequest", "the request is malformed: " + e.getReason());
        } catch (RuntimeException e) {
            service.log.accept("REST " + request.getMethod() + " " + request.getHttpURI().getPath() + " failed: " + e);
            ServiceHandler.error(response, callback, 500, "InternalServerError", "the emulation failed on this request"
                    + " (see its log)");
        } catch (Refused r) {
            if (r.status == 401) {
                service.log.accept("REST " + request.getMethod() + " " + request.getHttpURI().getPath()
                        + " refused with 401: " + r.getMessage());
            }
            if ("HEAD".equals(request.getMethod())) {
                ServiceHandler.status(response, callback, r.status);
            } else {
                ServiceHandler.error(response, callback, r.status, r.code, r.getMessage());
            }
        }
    }

    private void route(Request request, Response response, Callback callback) throws Refused {
        String method = request.getMethod();
        List<String> s = segments(request.getHttpURI().getPath());
        if (s.size() == 2 && s.get(1).equals("health") && (method.equals("HEAD") || method.equals("GET"))) {
            ServiceHandler.status(response, callback, 200);
            return;
        }
        if (s.size() < 4 || !s.get(1).equals("hubs")) {
            throw notFound(request);
        }
        Fields query = ServiceHandler.query(request);
        if (query.getValue("api-version") == null) {
            throw new Refused(400, "BadRequest", "the api-version query parameter is required (e.g. 2024-01-01)");
        }
        authenticate(request);
        if (query.getValue("filter") != null) {
            throw new Refused(400, "BadRequest", "the filter parameter (OData filters) is not supported by this"
                    + " emulation");
        }
        HubSettings hubSettings;
        try {
            hubSettings = service.hub(s.get(2));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "BadRequest", e.getMessage());
        }
        HubState hub = service.state(hubSettings);
        List<String> r = s.subList(3, s.size());
        String reason = query.getValue("reason") != null ? query.getValue("reason") : "";
        List<String> excluded = values(query, "excluded");
        int status;
        if (is(r, method, "POST", ":send")) {
            Payload p = body(request);
            for (ClientConnection c : hub.all()) {
                if (!excluded.contains(c.id)) {
                    c.send(p, fromServer());
                }
            }
            status = 202;
        } else if (is(r, method, "POST", ":closeConnections")) {
            hub.all().stream().filter(c -> !excluded.contains(c.id))
                    .forEach(c -> ConnectionEvents.close(service, c, 1000, reason));
            status = 204;
        } else if (is(r, method, "POST", ":generateToken")) {
            json(response, callback, 200, Payload.object().put("token", token(hubSettings, query)));
            return;
        } else if (is(r, method, "POST", ":addToGroups") || is(r, method, "POST", ":removeFromGroups")) {
            JsonNode body = jsonBody(request);
            if (body.hasNonNull("filter") && !body.get("filter").asText().isEmpty()) {
                throw new Refused(400, "BadRequest", "the filter of " + r.get(0) + " (an OData filter) is not"
                        + " supported by this emulation");
            }
            for (String g : ClientHandshake.strings(body.get("groups"))) {
                for (ClientConnection c : hub.all()) {
                    if (r.get(0).equals(":addToGroups")) {
                        hub.join(g, c);
                    } else {
                        hub.leave(g, c);
                    }
                }
            }
            status = 200;
        } else if (is(r, method, "DELETE", "connections", "*")) {
            ClientConnection c = hub.connection(r.get(1));
            if (c != null) {
                ConnectionEvents.close(service, c, 1000, reason);
            }
            status = 204;
        } else if (is(r, method, "HEAD", "connections", "*")) {
            status = hub.connection(r.get(1)) != null ? 200 : 404;
        } else if (is(r, method, "POST", "connections", "*", ":send")) {
            Payload p = body(request);
            ClientConnection c = hub.connection(r.get(1));
            if (c != null) {
                c.send(p, fromServer());
            }
            status = 202;
        } else if (is(r, method, "DELETE", "connections", "*", "groups")) {
            ClientConnection c = hub.connection(r.get(1));
            if (c != null) {
                c.groups().forEach(g -> hub.leave(g, c));
            }
            status = 204;
        } else if (is(r, method, "HEAD", "groups", "*")) {
            status = hub.groupExists(group(r.get(1))) ? 200 : 404;
        } else if (is(r, method, "POST", "groups", "*", ":send")) {
            String g = group(r.get(1));
            Payload p = body(request);
            ObjectNode from = Payload.object().put("from", "group").put("group", g);
            hub.group(g).stream().filter(c -> !excluded.contains(c.id)).forEach(c -> c.send(p, from));
            status = 202;
        } else if (is(r, method, "POST", "groups", "*", ":closeConnections")) {
            hub.group(group(r.get(1))).stream().filter(c -> !excluded.contains(c.id))
                    .forEach(c -> ConnectionEvents.close(service, c, 1000, reason));
            status = 204;
        } else if (is(r, method, "PUT", "groups", "*", "connections", "*")) {
            hub.join(group(r.get(1)), existing(hub, r.get(3)));
            status = 200;
        } else if (is(r, method, "DELETE", "groups", "*", "connections", "*")) {
            ClientConnection c = hub.connection(r.get(3));
            if (c != null) {
                hub.leave(group(r.get(1)), c);
            }
            status = 204;
        } else if (r.size() == 4 && r.get(0).equals("permissions") && r.get(2).equals("connections")) {
            status = permission(hub, method, r.get(1), r.get(3), query.getValue("targetName"), request);
        } else if (is(r, method, "HEAD", "users", "*")) {
            status = hub.userExists(r.get(1)) ? 200 : 404;
        } else if (is(r, method, "POST", "users", "*", ":send")) {
            Payload p = body(request);
            hub.user(r.get(1)).forEach(c -> c.send(p, fromServer()));
            status = 202;
        } else if (is(r, method, "POST", "users", "*", ":closeConnections")) {
            hub.user(r.get(1)).stream().filter(c -> !excluded.contains(c.id))
                    .forEach(c -> ConnectionEvents.close(service, c, 1000, reason));
            status = 204;
        } else if (is(r, method, "DELETE", "users", "*", "groups")) {
            for (ClientConnection c : hub.user(r.get(1))) {
                c.groups().forEach(g -> hub.leave(g, c));
            }
            status = 204;
        } else if (is(r, method, "PUT", "users", "*", "groups", "*")) {
            String g = group(r.get(3));
            hub.user(r.get(1)).forEach(c -> hub.join(g, c));
            status = 200;
        } else if (is(r, method, "DELETE", "users", "*", "groups", "*")) {
            String g = group(r.get(3));
            hub.user(r.get(1)).forEach(c -> hub.leave(g, c));
            status = 204;
        } else {
            throw notFound(request);
        }
        ServiceHandler.status(response, callback, status);
    }

    private int permission(HubState hub, String method, String permission, String connectionId, String target,
                           Request request) throws Refused {
        if (!PERMISSIONS.contains(permission)) {
            throw new Refused(400, "BadRequest", "permission '" + permission + "' is not one of " + PERMISSIONS);
        }
        String role = "webpubsub." + permission + (target != null ? "." + target : "");
        switch (method) {
            case "PUT" -> {
                existing(hub, connectionId).grant(role);
                return 200;
            }
            case "DELETE" -> {
                ClientConnection c = hub.connection(connectionId);
                if (c != null) {
                    c.revoke(role);
                }
                return 204;
            }
            case "HEAD" -> {
                ClientConnection c = hub.connection(connectionId);
                boolean has = c != null && (target != null ? c.may(permission, target) : c.hasRole(role));
                return has ? 200 : 404;
            }
            default -> throw notFound(request);
        }
    }

    /** The bearer token: HS256 with either key, not expired, {@code aud} the request URL (with or without query). */
    private void authenticate(Request request) throws Refused {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refused(401, "Unauthorized", "the request has no Authorization: Bearer token");
        }
        JsonNode claims;
        try {
            claims = Jwt.verify(auth.substring(7).trim(), service.keys, service.clock.instant());
        } catch (Jwt.InvalidTokenException e) {
            throw new Refused(401, "Unauthorized", e.getMessage());
        }
        String url = request.getHttpURI().asString();
        String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        for (String aud : ClientHandshake.strings(claims.get("aud"))) {
            String a = decode(aud);
            if (a.equalsIgnoreCase(decode(url)) || a.equalsIgnoreCase(decode(withoutQuery))) {
                return;
            }
        }
        throw new Refused(401, "Unauthorized", "the token's aud " + claims.get("aud") + " is not the request URL "
                + url);
    }

    private String token(HubSettings hub, Fields query) throws Refused {
        int minutes = 60;
        if (query.getValue("minutesToExpire") != null) {
            try {
                minutes = Integer.parseInt(query.getValue("minutesToExpire"));
            } catch (NumberFormatException e) {
                minutes = -1;
            }
            if (minutes <= 0) {
                throw new Refused(400, "BadRequest", "minutesToExpire must be a positive whole number of minutes");
            }
        }
        ObjectNode claims = Payload.object().put("aud", service.endpoint() + "/client/hubs/" + hub.name())
                .put("iat", service.clock.instant().getEpochSecond())
                .put("exp", service.clock.instant().plus(Duration.ofMinutes(minutes)).getEpochSecond());
        if (query.getValue("userId") != null) {
            claims.put("sub", query.getValue("userId"));
        }
        if (!values(query, "role").isEmpty()) {
            values(query, "role").forEach(claims.putArray("role")::add);
        }
        if (!values(query, "group").isEmpty()) {
            values(query, "group").forEach(claims.putArray("webpubsub.group")::add);
        }
        return Jwt.sign(claims, service.keys.primary());
    }

    /** The body of a send, typed by its Content-Type. */
    private static Payload body(Request request) throws Refused {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        Payload.Type t = Payload.Type.ofContentType(contentType);
        if (t == null) {
            throw new Refused(415, "UnsupportedMediaType", "Content-Type '" + contentType + "' is not one of"
                    + " text/plain, application/json, application/octet-stream");
        }
        try {
            return new Payload(t, bytes(request)).validated();
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "BadRequest", e.getMessage());
        }
    }

    private static JsonNode jsonBody(Request request) throws Refused {
        try {
            JsonNode n = Jwt.JSON.readTree(bytes(request));
            if (n == null || !n.isObject()) {
                throw new Refused(400, "BadRequest", "the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Refused(400, "BadRequest", "the body is not valid JSON");
        }
    }

    private static byte[] bytes(Request request) throws Refused {
        try (InputStream in = Request.asInputStream(request)) {
            byte[] b = in.readNBytes(LocalWebPubSub.MESSAGE_MAX + 1);
            if (b.length > LocalWebPubSub.MESSAGE_MAX) {
                throw new Refused(413, "PayloadTooLarge", "the body is over the service's message limit of 1 MB ("
                        + LocalWebPubSub.MESSAGE_MAX + " bytes)");
            }
            return b;
        } catch (IOException e) {
            throw new Refused(400, "BadRequest", "the body could not be read: " + e.getMessage());
        }
    }

    private static ClientConnection existing(HubState hub, String connectionId) throws Refused {
        ClientConnection c = hub.connection(connectionId);
        if (c == null) {
            throw new Refused(404, "NotFound", "connection '" + connectionId + "' does not exist in this hub");
        }
        return c;
    }

    private static String group(String g) throws Refused {
        if (g.isEmpty() || g.length() > 1024) {
            throw new Refused(400, "BadRequest", "a group name has 1 to 1024 characters");
        }
        return g;
    }

    private static List<String> values(Fields query, String name) {
        List<String> v = query.getValues(name);
        return v == null ? List.of() : v;
    }

    private static ObjectNode fromServer() {
        return Payload.object().put("from", "server");
    }

    /** Whether the route (after the hub) has the method and the segments ({@code *} matches any one). */
    private static boolean is(List<String> route, String method, String expected, String... segments) {
        if (!method.equals(expected) || route.size() != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].equals("*") && !segments[i].equalsIgnoreCase(route.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Refused notFound(Request request) {
        return new Refused(404, "NotFound", "no such REST route: " + request.getMethod() + " "
                + request.getHttpURI().getPath() + " (the routes of api-version 2024-01-01 are listed in"
                + " azure/README.md)");
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(decode(s));
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void json(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
