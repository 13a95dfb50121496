package dev.switchboard.azure.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import dev.switchboard.lambdas.api.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds Web PubSub CloudEvents as the service sends them (binary mode, {@code ce-*} headers, {@code ce-signature}
 * with both access keys; MicrosoftDocs/azure-docs articles/azure-web-pubsub/reference-cloud-events.md) and delivers
 * them to the function through its Functions-library interfaces.
 */
final class Events {
    static final String ORIGIN = "sb-test.webpubsub.azure.com";
    private static final AtomicLong IDS = new AtomicLong();
    private final SwitchboardEvents function;
    private final String hub;
    private final List<String> keys;

    Events(SwitchboardEvents function, String hub, List<String> keys) {
        this.function = function;
        this.hub = hub;
        this.keys = keys;
    }

    /** Headers of an event of {@code type} for {@code connectionId}, signed with the hub's keys. */
    Map<String, String> headers(String type, String connectionId, String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("WebHook-Request-Origin", ORIGIN);
        h.put("Content-Type", contentType);
        h.put("ce-specversion", "1.0");
        h.put("ce-type", type);
        h.put("ce-source", "/hubs/" + hub + "/client/" + connectionId);
        h.put("ce-id", "evt-" + IDS.incrementAndGet());
        h.put("ce-time", Instant.now().toString());
        h.put("ce-signature", EventSignature.sign(connectionId, keys));
        h.put("ce-connectionId", connectionId);
        h.put("ce-hub", hub);
        h.put("ce-eventName", type.substring(type.lastIndexOf('.') + 1));
        return h;
    }

    FunctionRequest.Response post(Map<String, String> headers, String body) {
        return call(HttpMethod.POST, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    FunctionRequest.Response call(HttpMethod method, Map<String, String> headers, byte[] body) {
        return (FunctionRequest.Response) function.run(new FunctionRequest(method, headers, body), new TestContext());
    }

    /** A {@code connect} event whose body carries these query parameters and subprotocol offers. */
    FunctionRequest.Response connect(String connectionId, Map<String, List<String>> query, List<String> offers) {
        ObjectNode body = Json.object();
        ObjectNode q = body.putObject("query");
        query.forEach((k, vs) -> vs.forEach(q.withArray(k)::add));
        body.putObject("claims");
        ObjectNode headers = body.putObject("headers");
        if (!offers.isEmpty()) {
            headers.putArray("Sec-WebSocket-Protocol").add(String.join(", ", offers));
        }
        offers.forEach(body.putArray("subprotocols")::add);
        return post(headers("azure.webpubsub.sys.connect", connectionId, "application/json; charset=utf-8"),
                Json.write(body));
    }

    /** One text frame of a plain WebSocket client. */
    FunctionRequest.Response message(String connectionId, String text) {
        return post(headers("azure.webpubsub.user.message", connectionId, "text/plain"), text);
    }

    /** A frame, answered with a reply frame (parsed), or null for 204. */
    JsonNode frame(String connectionId, String text) {
        return frameAt(connectionId, text, Instant.now());
    }

    /** A frame the service received at {@code time} ({@code ce-time}). */
    JsonNode frameAt(String connectionId, String text, Instant time) {
        Map<String, String> h = headers("azure.webpubsub.user.message", connectionId, "text/plain");
        h.put("ce-time", time.toString());
        FunctionRequest.Response r = post(h, text);
        if (r.getStatusCode() == 204) {
            return null;
        }
        if (r.getStatusCode() != 200) {
            throw new AssertionError("user event answered " + r.getStatusCode() + ": " + r.text());
        }
        return Json.parseOrNull(r.text());
    }

    FunctionRequest.Response disconnected(String connectionId) {
        return post(headers("azure.webpubsub.sys.disconnected", connectionId, "application/json"),
                "{\"reason\":\"closed\"}");
    }

    /** The {@link com.microsoft.azure.functions.ExecutionContext} the worker passes. */
    static final class TestContext implements com.microsoft.azure.functions.ExecutionContext {
        @Override
        public java.util.logging.Logger getLogger() {
            return java.util.logging.Logger.getLogger("switchboard.azure.test");
        }

        @Override
        public String getInvocationId() {
            return "test-invocation";
        }

        @Override
        public String getFunctionName() {
            return SwitchboardEvents.NAME;
        }
    }
}
