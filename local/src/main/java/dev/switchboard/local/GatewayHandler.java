package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.AuthorizerSpec;
import dev.switchboard.blueprint.Route;
import dev.switchboard.devkit.DevTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * Every HTTP request of the local API: the WebSocket handshake on {@code /STAGE} (authorizer, then {@code $connect},
 * then the upgrade), the management API on {@code /STAGE/@connections/{id}}, the chat page and the dev token
 * endpoint. Also holds the message routing and {@code $disconnect}, which the endpoint calls.
 */
final class GatewayHandler extends Handler.Abstract {
    /** Path of the dev-only token endpoint that the chat page uses. */
    static final String TOKEN_PATH = "/_switchboard/token";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final int AUTHORIZER_RESULT_MAX = 8 * 1024;

    private final LocalGateway g;
    private final ServerWebSocketContainer ws;
    private final byte[] page;

    GatewayHandler(LocalGateway gateway, ServerWebSocketContainer ws) {
        super(InvocationType.BLOCKING);
        this.g = gateway;
        this.ws = ws;
        try (InputStream in = GatewayHandler.class.getResourceAsStream("web/index.html")) {
            this.page = in == null ? "<!doctype html><p>chat page missing from the build</p>".getBytes(StandardCharsets.UTF_8)
                    : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = decode(request.getHttpURI().getPath());
        String stage = "/" + g.config.stage();
        if (g.functions == null || g.closing()) {
            json(response, callback, 503, "{\"message\":\"Service Unavailable\"}");
            return true;
        }
        if (path.startsWith(stage + "/@connections/")) {
            management(request, response, callback, path.substring((stage + "/@connections/").length()));
        } else if (path.equals(stage) || path.equals(stage + "/")) {
            if (isUpgrade(request)) {
                g.pool.execute(() -> connect(request, response, callback));
            } else {
                json(response, callback, 426, "{\"message\":\"Upgrade Required\"}");
            }
        } else if ((path.equals("/") || path.equals("/index.html")) && "GET".equals(request.getMethod())) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(page), callback);
        } else if (path.equals(TOKEN_PATH) && "GET".equals(request.getMethod())) {
            token(request, response, callback);
        } else {
            json(response, callback, 404, "{\"message\":\"Not Found\"}");
        }
        return true;
    }

    private static boolean isUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return "GET".equals(request.getMethod()) && upgrade != null && upgrade.equalsIgnoreCase("websocket")
                && request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY) != null;
    }

    // ---- handshake -------------------------------------------------------------------------------------------

    private void connect(Request request, Response response, Callback callback) {
        try {
            connectNow(request, response, callback);
        } catch (RuntimeException e) {
            System.err.println("switchboard-local: handshake failed: " + e);
            json(response, callback, 500, "{\"message\": \"Internal server error\"}");
        }
    }

    private void connectNow(Request request, Response response, Callback callback) {
        long now = System.currentTimeMillis();
        String sourceIp = Request.getRemoteAddr(request);
        String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
        Connection c = new Connection(Ids.connectionId(), now, sourceIp, userAgent);
        String requestId = Ids.requestId();
        Events.Handshake h = handshake(request, sourceIp);

        AuthorizerSpec auth = g.blueprint.authorizer();
        if (auth != null) {
            if (!identityPresent(auth, request, h)) {
                json(response, callback, 401, "{\"message\":\"Unauthorized\"}");
                return;
            }
            long t0 = System.nanoTime();
            byte[] out;
            try {
                out = g.functions.invoke(auth.function(), bytes(Events.authorizer(g.api, c, h, requestId, now)), requestId);
            } catch (Exception e) {
                if ("Unauthorized".equals(e.getMessage())) {
                    json(response, callback, 401, "{\"message\":\"Unauthorized\"}");
                } else {
                    System.err.println("switchboard-local: authorizer failed: " + e);
                    json(response, callback, 500, "{\"message\": \"Internal server error\"}");
                }
                return;
            }
            long latency = (System.nanoTime() - t0) / 1_000_000;
            Verdict v = evaluate(out, g.api.methodArn(), latency);
            if (v.status != 200) {
                json(response, callback, v.status, v.status == 403 ? "{\"message\":\"Forbidden\"}"
                        : "{\"message\": \"Internal server error\"}");
                return;
            }
            c.authorizer(v.context);
        }

        g.connections.put(c.id, c);
        String subprotocol = null;
        Route connect = g.blueprint.route(Route.CONNECT);
        if (connect != null) {
            JsonNode result;
            try {
                result = LocalGateway.parse(g.functions.invoke(connect.function(),
                        bytes(Events.connect(g.api, c, h, requestId, System.currentTimeMillis())), requestId));
            } catch (Exception e) {
                g.connections.remove(c.id, c);
                System.err.println("switchboard-local: $connect failed: " + e);
                json(response, callback, 502, "{\"message\": \"Internal server error\"}");
                return;
            }
            int status = result != null && result.path("statusCode").canConvertToInt()
                    ? result.path("statusCode").asInt() : result != null && result.isObject() ? 200 : 502;
            if (status < 200 || status > 299) {
                g.connections.remove(c.id, c);
                json(response, callback, status, status == 502 ? "{\"message\": \"Internal server error\"}" : "");
                return;
            }
            JsonNode headers = result.path("headers");
            for (Map.Entry<String, JsonNode> e : headers.properties()) {
                if (e.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                    subprotocol = e.getValue().asText();
                }
            }
        }
        c.open();
        String accepted = subprotocol;
        boolean upgraded = ws.upgrade((rq, rs, cb) -> {
            if (accepted != null) {
                rs.setAcceptedSubProtocol(accepted);
            }
            return new GatewayEndpoint(g, c);
        }, request, response, callback);
        if (!upgraded) {
            c.serially(g.pool, () -> disconnect(g, c, 1006, ""));
            json(response, callback, 400, "{\"message\":\"Bad Request\"}");
        }
    }

    private static Events.Handshake handshake(Request request, String sourceIp) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) {
            String canonical = names.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> f.getName());
            headers.computeIfAbsent(canonical, k -> new ArrayList<>()).add(f.getValue());
        }
        headers.putIfAbsent("X-Forwarded-For", LocalGateway.list(sourceIp));
        headers.putIfAbsent("X-Forwarded-Port", LocalGateway.list(Integer.toString(Request.getLocalPort(request))));
        headers.putIfAbsent("X-Forwarded-Proto", LocalGateway.list("http"));
        Map<String, List<String>> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
            query.put(f.getName(), new ArrayList<>(f.getValues()));
        }
        return new Events.Handshake(headers, query);
    }

    private static boolean identityPresent(AuthorizerSpec auth, Request request, Events.Handshake h) {
        String source = auth.identitySource();
        for (String part : source.split(",")) {
            String s = part.trim();
            String value = null;
            if (s.startsWith("route.request.querystring.")) {
                List<String> v = h.query().get(s.substring("route.request.querystring.".length()));
                value = v == null ? null : v.get(v.size() - 1);
            } else if (s.startsWith("route.request.header.")) {
                value = request.getHeaders().get(s.substring("route.request.header.".length()));
            }
            if (value == null || value.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The authorizer's answer: 200 with the {@code requestContext.authorizer} object, or the status to refuse with. */
    record Verdict(int status, ObjectNode context) {
    }

    static Verdict evaluate(byte[] out, String methodArn, long latencyMs) {
        JsonNode r = LocalGateway.parse(out);
        if (r == null || !r.isObject() || out.length > AUTHORIZER_RESULT_MAX || !r.path("principalId").isTextual()) {
            return new Verdict(500, null);
        }
        JsonNode statements = r.path("policyDocument").path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        } else {
            return new Verdict(500, null);
        }
        boolean allow = false;
        boolean deny = false;
        for (JsonNode st : list) {
            if (!matchesAny(st.get("Action"), "execute-api:Invoke") || !matchesAny(st.get("Resource"), methodArn)) {
                continue;
            }
            String effect = st.path("Effect").asText("");
            if (effect.equalsIgnoreCase("Deny")) {
                deny = true;
            } else if (effect.equalsIgnoreCase("Allow")) {
                allow = true;
            }
        }
        if (deny || !allow) {
            return new Verdict(403, null);
        }
        ObjectNode ctx = LocalGateway.object();
        ctx.put("principalId", r.get("principalId").asText());
        JsonNode context = r.get("context");
        if (context != null && !context.isNull()) {
            if (!context.isObject()) {
                return new Verdict(500, null);
            }
            for (Map.Entry<String, JsonNode> e : context.properties()) {
                if (e.getValue().isContainerNode()) {
                    return new Verdict(500, null);
                }
                ctx.set(e.getKey(), e.getValue());
            }
        }
        ctx.put("integrationLatency", latencyMs);
        return new Verdict(200, ctx);
    }

    private static boolean matchesAny(JsonNode patterns, String value) {
        if (patterns == null) {
            return false;
        }
        List<String> ps = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> ps.add(p.asText()));
        } else {
            ps.add(patterns.asText());
        }
        for (String p : ps) {
            StringBuilder re = new StringBuilder();
            for (char ch : p.toCharArray()) {
                re.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
            }
            if (Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    // ---- messages and $disconnect ------------------------------------------------------------------------------

    /** Routes one client message on {@code $request.body.action}; runs in the connection's order. */
    static void route(LocalGateway g, Connection c, String body) {
        String requestId = Ids.requestId();
        if (!g.tryThrottle()) {
            c.reply(errorFrame("Too Many Requests", c.id, requestId));
            return;
        }
        String routeKey = select(g, body);
        if (routeKey == null) {
            c.reply(errorFrame("Forbidden", c.id, requestId));
            return;
        }
        Route route = g.blueprint.route(routeKey);
        long now = System.currentTimeMillis();
        byte[] out;
        try {
            out = g.functions.invoke(route.function(),
                    bytes(Events.message(g.api, c, routeKey, body, Ids.messageId(c.id), requestId, now)), requestId);
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
    static String select(LocalGateway g, String body) {
        JsonNode json = LocalGateway.parse(LocalGateway.utf8(body));
        if (json != null && json.isObject() && json.path("action").isTextual()) {
            String action = json.get("action").asText();
            Route r = g.blueprint.route(action);
            if (r != null && !r.predefined()) {
                return action;
            }
        }
        return g.blueprint.route(Route.DEFAULT) != null ? Route.DEFAULT : null;
    }

    /** API Gateway's error frame, byte for byte: a space after {@code "message":}, none after the others. */
    static String errorFrame(String message, String connectionId, String requestId) {
        return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\""
                + requestId + "\"}";
    }

    /** Runs {@code $disconnect} once for {@code c}; later calls do nothing. */
    static void disconnect(LocalGateway g, Connection c, int code, String reason) {
        if (!c.markDisconnected()) {
            return;
        }
        g.connections.remove(c.id, c);
        Route route = g.blueprint.route(Route.DISCONNECT);
        if (route == null) {
            return;
        }
        String requestId = Ids.requestId();
        try {
            g.functions.invoke(route.function(),
                    bytes(Events.disconnect(g.api, c, code, reason, requestId, System.currentTimeMillis())), requestId);
        } catch (Exception | LinkageError e) {
            System.err.println("switchboard-local: $disconnect failed for " + c.id + ": " + e);
        }
    }

    // ---- management API ----------------------------------------------------------------------------------------

    private void management(Request request, Response response, Callback callback, String id) {
        response.getHeaders().put("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (!Ids.wellFormed(id)) {
            response.getHeaders().put("x-amzn-ErrorType", "BadRequestException");
            json(response, callback, 400, "{\"message\":\"Invalid connectionId: " + id.replaceAll("[^A-Za-z0-9_=-]", "?")
                    + "\"}");
            return;
        }
        Connection c = g.connections.get(id);
        String method = request.getMethod();
        if (c == null || c.state() != Connection.State.OPEN) {
            if (method.equals("POST")) {
                Content.Source.consumeAll(request, Callback.NOOP);
            }
            gone(response, callback);
            return;
        }
        switch (method) {
            case "POST" -> Content.Source.asByteArrayAsync(request, LocalGateway.MESSAGE_MAX,
                    Promise.Invocable.from(InvocationType.NON_BLOCKING, (byte[] data, Throwable err) -> {
                if (err != null) {
                    response.getHeaders().put("x-amzn-ErrorType", "PayloadTooLargeException");
                    json(response, callback, 413, "{\"message\":\"Request entity too large: the data is limited to "
                            + LocalGateway.MESSAGE_MAX + " bytes\"}");
                } else if (c.send(new String(data, StandardCharsets.UTF_8))) {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.write(true, ByteBuffer.allocate(0), callback);
                } else {
                    gone(response, callback);
                }
            }));
            case "GET" -> {
                ObjectNode body = LocalGateway.object();
                body.put("connectedAt", iso(c.connectedAt));
                ObjectNode identity = body.putObject("identity");
                identity.put("sourceIp", c.sourceIp);
                if (c.userAgent != null) {
                    identity.put("userAgent", c.userAgent);
                } else {
                    identity.putNull("userAgent");
                }
                body.put("lastActiveAt", iso(c.lastActiveAt()));
                json(response, callback, 200, body.toString());
            }
            case "DELETE" -> {
                c.serverClose(1000, "Connection Closed Normally");
                response.setStatus(204);
                callback.succeeded();
            }
            default -> {
                response.getHeaders().put("x-amzn-ErrorType", "ForbiddenException");
                json(response, callback, 403, "{\"message\":\"Missing Authentication Token\"}");
            }
        }
    }

    /** ISO-8601 with milliseconds, UTC: {@code 2025-02-03T01:46:33.523Z}. */
    static String iso(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(epochMillis));
    }

    private static void gone(Response response, Callback callback) {
        response.setStatus(410);
        response.getHeaders().put("x-amzn-ErrorType", "GoneException");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    // ---- dev token ---------------------------------------------------------------------------------------------

    private void token(Request request, Response response, Callback callback) {
        Fields q = Request.extractQueryParameters(request);
        String user = q.getValue("user");
        if (user == null || !USER.matcher(user).matches()) {
            json(response, callback, 400, "{\"code\":\"BAD_USER\",\"message\":\"pass ?user=NAME: 1-64 letters, digits,"
                    + " '.', '_', '-' or '@'\"}");
            return;
        }
        String token = new DevTokens(g.config.jwtSecret(), g.config.jwtIssuer(), g.config.jwtAudience(),
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token(user);
        ObjectNode body = LocalGateway.object();
        body.put("user", user);
        body.put("token", token);
        String host = request.getHeaders().get(HttpHeader.HOST);
        body.put("websocket", "ws://" + (host != null ? host : "127.0.0.1:" + g.port()) + "/" + g.config.stage());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        json(response, callback, 200, body.toString());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static void json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        if (!body.isEmpty()) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static byte[] bytes(ObjectNode event) {
        try {
            return Events.JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Percent-decodes a path, keeping '+' (connection ids never hold one, and paths do not encode spaces as '+'). */
    static String decode(String rawPath) {
        try {
            return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawPath;
        }
    }
}
