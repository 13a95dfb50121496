package dev.switchboard.lambdas.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One API Gateway WebSocket proxy event (CONNECT, MESSAGE or DISCONNECT), as a handler reads it, plus the metrics the
 * handler counts while it handles the event (flushed in embedded metric format when it returns).
 *
 * <p>The user id comes from {@code requestContext.authorizer.userId}, else {@code principalId}; an event without an
 * authorizer (an open API) uses the connection id as the user id.
 */
public final class WebSocketRequest {
    private final JsonNode event;
    private final JsonNode ctx;
    private final Map<String, Long> metrics = new LinkedHashMap<>();
    private String lambdaRequestId;
    private long deadlineMillis = Long.MAX_VALUE;
    private JsonNode parsedBody;
    private boolean bodyParsed;

    public WebSocketRequest(JsonNode event) {
        this.event = event == null ? Json.object() : event;
        this.ctx = this.event.path("requestContext");
    }

    public String routeKey() {
        return text(ctx, "routeKey");
    }

    /** CONNECT, MESSAGE or DISCONNECT. */
    public String eventType() {
        return text(ctx, "eventType");
    }

    public String connectionId() {
        return text(ctx, "connectionId");
    }

    public String requestId() {
        return text(ctx, "requestId");
    }

    /** API Gateway's id of this message, or a random id when the event has none. */
    public String messageId() {
        String id = text(ctx, "messageId");
        return id != null ? id : UUID.randomUUID().toString();
    }

    /** When the connection was opened, in epoch milliseconds (fixed for the connection's life), or now. */
    public long connectedAt() {
        JsonNode n = ctx.get("connectedAt");
        return n != null && n.canConvertToLong() ? n.asLong() : System.currentTimeMillis();
    }

    /** API Gateway's arrival time of this event, epoch milliseconds, or 0 when the event has none. */
    public long requestTimeEpoch() {
        JsonNode n = ctx.get("requestTimeEpoch");
        return n != null && n.canConvertToLong() ? n.asLong() : 0L;
    }

    /** When this invocation times out, epoch milliseconds ({@code Long.MAX_VALUE} outside Lambda). */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Sets the deadline ({@link RouteHandler} sets it from the Lambda context's remaining time). */
    public void deadlineMillis(long deadline) {
        this.deadlineMillis = deadline;
    }

    public String domainName() {
        return text(ctx, "domainName");
    }

    public String stage() {
        return text(ctx, "stage");
    }

    /** The authenticated user id (see the class comment). */
    public String userId() {
        JsonNode auth = ctx.get("authorizer");
        if (auth == null || !auth.isObject()) {
            return connectionId();
        }
        return authorizedUser(auth);
    }

    /**
     * Whether the event carries the user from the authorizer's context (API Gateway passes the {@code $connect}
     * authorizer's context to every later route of the connection, {@code $disconnect} included:
     * https://github.com/dherault/serverless-offline/issues/1379), so that {@link #userId()} needs no table read.
     */
    public boolean hasAuthorizedUser() {
        JsonNode auth = ctx.get("authorizer");
        return auth != null && auth.isObject() && authorizedUser(auth) != null;
    }

    private static String authorizedUser(JsonNode auth) {
        String u = text(auth, "userId");
        return u != null ? u : text(auth, "principalId");
    }

    /** A query string parameter of the handshake, or null. */
    public String queryParameter(String name) {
        return text(event.path("queryStringParameters"), name);
    }

    /**
     * Every value of a handshake header (name in any case): from {@code multiValueHeaders} when the event has them,
     * else from {@code headers}; empty when absent.
     */
    public java.util.List<String> headerValues(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String field : new String[]{"multiValueHeaders", "headers"}) {
            event.path(field).properties().forEach(e -> {
                if (e.getKey().equalsIgnoreCase(name)) {
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> out.add(v.asText()));
                    } else if (e.getValue().isTextual()) {
                        out.add(e.getValue().asText());
                    }
                }
            });
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    /** The raw message body, or null. */
    public String body() {
        JsonNode b = event.get("body");
        if (b == null || b.isNull()) {
            return null;
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            return new String(java.util.Base64.getDecoder().decode(b.asText()), java.nio.charset.StandardCharsets.UTF_8);
        }
        return b.asText();
    }

    /** The body as a JSON object; BAD_JSON when it is not one. */
    public ObjectNode frame() {
        if (!bodyParsed) {
            parsedBody = Json.parseOrNull(body());
            bodyParsed = true;
        }
        if (parsedBody == null || !parsedBody.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "frames must be JSON objects with an 'action'");
        }
        return (ObjectNode) parsedBody;
    }

    /** A required string field of the frame, or MISSING_FIELD. */
    public String requireString(String field) {
        JsonNode n = frame().get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw ProtocolException.missing(field, "a non-empty string");
        }
        return n.asText();
    }

    /** A required field of any JSON type except null, or MISSING_FIELD. */
    public JsonNode requireField(String field) {
        JsonNode n = frame().get(field);
        if (n == null || n.isNull()) {
            throw ProtocolException.missing(field, "any JSON value except null");
        }
        return n;
    }

    /** The Lambda invocation's request id, or null outside Lambda. */
    public String lambdaRequestId() {
        return lambdaRequestId;
    }

    void lambdaRequestId(String id) {
        this.lambdaRequestId = id;
    }

    /** The raw event. */
    public JsonNode event() {
        return event;
    }

    /** Adds {@code value} to the metric {@code name} of this invocation. */
    public void count(String name, long value) {
        metrics.merge(name, value, Long::sum);
    }

    /** The metrics counted so far, in insertion order. */
    public Map<String, Long> metrics() {
        return metrics;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }
}
