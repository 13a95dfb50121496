package dev.switchboard.lambdas.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.blueprint.Handshake;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of API Gateway's WebSocket REQUEST authorizer event that the authorizer uses.
 *
 * @param methodArn    {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}; the policy's Resource
 * @param token        the token and its transport ({@code queryStringParameters.token} or a {@code bearer.} offer in
 *                     {@code Sec-WebSocket-Protocol}, see {@link HandshakeToken})
 * @param headers      the handshake headers as sent (any case); empty when absent
 * @param requestId    {@code requestContext.requestId}, or null (for logs)
 * @param connectionId {@code requestContext.connectionId}, or null (for logs)
 */
public record AuthorizerEvent(String methodArn, HandshakeToken token, Map<String, String> headers, String requestId,
                              String connectionId) {
    /** Query string parameter that carries the token ({@code route.request.querystring.token}). */
    public static final String TOKEN_PARAMETER = "token";

    /**
     * @throws IllegalArgumentException when the input is not a JSON object with a {@code methodArn} string
     */
    public static AuthorizerEvent parse(ObjectMapper json, InputStream in) {
        JsonNode root;
        try {
            root = json.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("the authorizer event is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the authorizer event is not a JSON object");
        }
        JsonNode arn = root.get("methodArn");
        if (arn == null || !arn.isTextual() || arn.asText().isBlank()) {
            throw new IllegalArgumentException("the authorizer event has no methodArn");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = root.get("headers");
        if (h != null && h.isObject()) {
            h.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    headers.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        JsonNode query = root.get("queryStringParameters");
        String queryToken = query != null && query.isObject() ? text(query.get(TOKEN_PARAMETER)) : null;
        HandshakeToken token = HandshakeToken.of(queryToken, protocolValues(root));
        JsonNode context = root.get("requestContext");
        String requestId = context != null ? text(context.get("requestId")) : null;
        String connectionId = context != null ? text(context.get("connectionId")) : null;
        return new AuthorizerEvent(arn.asText(), token, Map.copyOf(headers), requestId, connectionId);
    }

    /**
     * Every value of {@code Sec-WebSocket-Protocol} (any case): from {@code multiValueHeaders} when present (a
     * repeated header keeps all its values there), else from {@code headers}.
     */
    private static List<String> protocolValues(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (String field : new String[]{"multiValueHeaders", "headers"}) {
            JsonNode h = root.get(field);
            if (h == null || !h.isObject()) {
                continue;
            }
            h.fields().forEachRemaining(e -> {
                if (e.getKey().equalsIgnoreCase(Handshake.PROTOCOL_HEADER)) {
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> out.add(v.asText()));
                    } else if (e.getValue().isTextual()) {
                        out.add(e.getValue().asText());
                    }
                }
            });
            if (!out.isEmpty()) {
                return out;
            }
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    @Override
    public String toString() {
        // never print the token
        return "AuthorizerEvent[methodArn=" + methodArn + ", transport=" + token.transport() + ", requestId=" + requestId + ", connectionId=" + connectionId + "]";
    }
}
