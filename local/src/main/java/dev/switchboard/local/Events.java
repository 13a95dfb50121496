package dev.switchboard.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the events API Gateway sends to Lambda for a WebSocket API, in AWS's key order
 * (the captures and AWS docs listed in local/README.md, Sources): the REQUEST authorizer event, CONNECT, MESSAGE and
 * DISCONNECT.
 */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Values that every event of one API shares. */
    record Api(String apiId, String stage, String domainName, String region, String account) {
        String methodArn() {
            return "arn:aws:execute-api:" + region + ":" + account + ":" + apiId + "/" + stage + "/$connect";
        }
    }

    /** The handshake as the client sent it: headers in order (multi-valued) and the query string (multi-valued). */
    record Handshake(Map<String, List<String>> headers, Map<String, List<String>> query) {
    }

    private Events() {
    }

    static String requestTime(long epochMillis) {
        return CLF.format(Instant.ofEpochMilli(epochMillis));
    }

    static ObjectNode authorizer(Api api, Connection c, Handshake h, String requestId, long now) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", "REQUEST");
        e.put("methodArn", api.methodArn());
        headers(e, h.headers(), true);
        query(e, h.query());
        e.putObject("stageVariables");
        e.set("requestContext", context(api, c, "$connect", "CONNECT", null, requestId, now, null, null));
        return e;
    }

    static ObjectNode connect(Api api, Connection c, Handshake h, String requestId, long now) {
        ObjectNode e = JSON.createObjectNode();
        headers(e, h.headers(), false);
        query(e, h.query());
        e.set("requestContext", context(api, c, "$connect", "CONNECT", null, requestId, now, null, null));
        e.put("isBase64Encoded", false);
        return e;
    }

    static ObjectNode message(Api api, Connection c, String routeKey, String body, String messageId, String requestId,
                              long now) {
        ObjectNode e = JSON.createObjectNode();
        e.set("requestContext", context(api, c, routeKey, "MESSAGE", messageId, requestId, now, null, null));
        e.put("body", body);
        e.put("isBase64Encoded", false);
        return e;
    }

    static ObjectNode disconnect(Api api, Connection c, int statusCode, String reason, String requestId, long now) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode headers = e.putObject("headers");
        ObjectNode multi = e.putObject("multiValueHeaders");
        for (String[] kv : new String[][]{{"Host", api.domainName()}, {"x-api-key", ""}, {"X-Forwarded-For", ""},
                {"x-restapi", ""}}) {
            headers.put(kv[0], kv[1]);
            multi.putArray(kv[0]).add(kv[1]);
        }
        e.set("requestContext", context(api, c, "$disconnect", "DISCONNECT", null, requestId, now, statusCode,
                reason == null ? "" : reason));
        e.put("isBase64Encoded", false);
        return e;
    }

    private static ObjectNode context(Api api, Connection c, String routeKey, String eventType, String messageId,
                                      String requestId, long now, Integer disconnectStatus, String disconnectReason) {
        ObjectNode rc = JSON.createObjectNode();
        rc.put("routeKey", routeKey);
        if (messageId != null) {
            rc.put("messageId", messageId);
        }
        if (disconnectStatus != null) {
            rc.put("disconnectStatusCode", disconnectStatus.intValue());
        }
        rc.put("eventType", eventType);
        rc.put("extendedRequestId", requestId);
        rc.put("requestTime", requestTime(now));
        rc.put("messageDirection", "IN");
        if (disconnectReason != null) {
            rc.put("disconnectReason", disconnectReason);
        }
        rc.put("stage", api.stage());
        rc.put("connectedAt", c.connectedAt);
        rc.put("requestTimeEpoch", now);
        ObjectNode identity = rc.putObject("identity");
        if (c.userAgent != null) {
            identity.put("userAgent", c.userAgent);
        }
        identity.put("sourceIp", c.sourceIp);
        rc.put("requestId", requestId);
        rc.put("domainName", api.domainName());
        rc.put("connectionId", c.id);
        rc.put("apiId", api.apiId());
        if (c.authorizer() != null) {
            rc.set("authorizer", c.authorizer());
        }
        return rc;
    }

    private static void headers(ObjectNode e, Map<String, List<String>> headers, boolean forAuthorizer) {
        ObjectNode single = e.putObject("headers");
        ObjectNode multi = e.putObject("multiValueHeaders");
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!forAuthorizer && (lower.equals("connection") || lower.equals("upgrade") || lower.equals("content-length"))) {
                continue;
            }
            List<String> values = h.getValue();
            single.put(name, values.get(values.size() - 1));
            ArrayNode a = multi.putArray(name);
            values.forEach(a::add);
        }
    }

    private static void query(ObjectNode e, Map<String, List<String>> query) {
        if (query.isEmpty()) {
            return;
        }
        ObjectNode single = e.putObject("queryStringParameters");
        ObjectNode multi = e.putObject("multiValueQueryStringParameters");
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            single.put(q.getKey(), q.getValue().get(q.getValue().size() - 1));
            ArrayNode a = multi.putArray(q.getKey());
            q.getValue().forEach(a::add);
        }
    }
}
