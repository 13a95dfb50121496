package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.AuthorizerSpec;
import dev.switchboard.blueprint.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The WebSocket handshake on {@code /STAGE}: the identity source check, the REQUEST authorizer and its policy, then
 * {@code $connect}, and only then the upgrade (see local/README.md for the status each failure answers).
 */
final class Handshake {
    private static final int AUTHORIZER_RESULT_MAX = 8 * 1024;

    private final LocalGateway g;
    private final ServerWebSocketContainer ws;

    Handshake(LocalGateway gateway, ServerWebSocketContainer ws) {
        this.g = gateway;
        this.ws = ws;
    }

    /** Runs the handshake on the invocation pool (the authorizer and {@code $connect} block). */
    void start(Request request, Response response, Callback callback) {
        g.pool.execute(() -> connect(request, response, callback));
    }

    private void connect(Request request, Response response, Callback callback) {
        try {
            connectNow(request, response, callback);
        } catch (RuntimeException e) {
            System.err.println("switchboard-local: handshake failed: " + e);
            GatewayHandler.json(response, callback, 500, "{\"message\": \"Internal server error\"}");
        }
    }

    private void connectNow(Request request, Response response, Callback callback) {
        long now = System.currentTimeMillis();
        String sourceIp = Request.getRemoteAddr(request);
        String userAgent = request.getHeaders().get(HttpHeader.USER_AGENT);
        Connection c = new Connection(Ids.connectionId(), now, sourceIp, userAgent);
        String requestId = Ids.requestId();
        Events.Handshake h = handshake(request, sourceIp);

        Deployment d = g.deployment();
        AuthorizerSpec auth = d.blueprint().authorizer();
        if (auth != null) {
            if (!identityPresent(auth, request, h)) {
                ReadableLog.refused("$connect", "401 Unauthorized: no token (the authorizer's identity source is missing)");
                GatewayHandler.json(response, callback, 401, "{\"message\":\"Unauthorized\"}");
                return;
            }
            long t0 = System.nanoTime();
            byte[] out;
            try {
                out = d.functions().invoke(auth.function(), GatewayHandler.bytes(Events.authorizer(g.api, c, h, requestId, now)), requestId);
            } catch (Exception e) {
                if ("Unauthorized".equals(e.getMessage())) {
                    GatewayHandler.json(response, callback, 401, "{\"message\":\"Unauthorized\"}");
                } else {
                    System.err.println("switchboard-local: authorizer failed: " + e);
                    GatewayHandler.json(response, callback, 500, "{\"message\": \"Internal server error\"}");
                }
                return;
            }
            long latency = (System.nanoTime() - t0) / 1_000_000;
            Verdict v = evaluate(out, g.api.methodArn(), latency);
            if (v.status != 200) {
                GatewayHandler.json(response, callback, v.status, v.status == 403 ? "{\"message\":\"Forbidden\"}"
                        : "{\"message\": \"Internal server error\"}");
                return;
            }
            c.authorizer(v.context);
        }

        g.connections.put(c.id, c);
        String subprotocol = null;
        Route connect = d.blueprint().route(Route.CONNECT);
        if (connect != null) {
            JsonNode result;
            try {
                result = LocalGateway.parse(d.functions().invoke(connect.function(),
                        GatewayHandler.bytes(Events.connect(g.api, c, h, requestId, System.currentTimeMillis())), requestId));
            } catch (Exception e) {
                g.connections.remove(c.id, c);
                System.err.println("switchboard-local: $connect failed: " + e);
                GatewayHandler.json(response, callback, 502, "{\"message\": \"Internal server error\"}");
                return;
            }
            int status = result != null && result.path("statusCode").canConvertToInt()
                    ? result.path("statusCode").asInt() : result != null && result.isObject() ? 200 : 502;
            if (status < 200 || status > 299) {
                g.connections.remove(c.id, c);
                GatewayHandler.json(response, callback, status, status == 502 ? "{\"message\": \"Internal server error\"}" : "");
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
            c.serially(g.pool, () -> Routing.disconnect(g, c, 1006, ""));
            GatewayHandler.json(response, callback, 400, "{\"message\":\"Bad Request\"}");
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
        for (String s : auth.identitySources()) {
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
        if (POLICY_PATTERNS.size() > 1024) {
            POLICY_PATTERNS.clear();
        }
        for (String p : ps) {
            if (POLICY_PATTERNS.computeIfAbsent(p, Handshake::policyPattern).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Compiled policy wildcards ({@code *}, {@code ?}), kept: an authorizer answers with the same few every time. */
    private static final Map<String, Pattern> POLICY_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern policyPattern(String p) {
        StringBuilder re = new StringBuilder();
        for (char ch : p.toCharArray()) {
            re.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
