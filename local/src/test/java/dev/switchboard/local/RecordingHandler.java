package dev.switchboard.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test handler that records every event it gets (raw JSON, in arrival order) and then either delegates to the
 * handler class named by the {@code DELEGATE} variable or answers by itself:
 * <ul>
 *   <li>{@code MODE=echo}: returns the body as the route response;</li>
 *   <li>{@code MODE=throw}: throws;</li>
 *   <li>{@code MODE=blank}: returns {@code {"statusCode":200,"body":""}};</li>
 *   <li>{@code MODE=garbage}: returns bytes that are not JSON;</li>
 *   <li>{@code MODE=digest}: returns {@code {"length":<UTF-8 bytes of the body>,"sha256":"<hex>"}};</li>
 *   <li>{@code MODE=sleep}: sleeps {@code SLEEP_MS} (default 5000) milliseconds, then posts {@code late} to the
 *       caller's connection and answers {@code slept}.</li>
 * </ul>
 * On CONNECT, the query parameters {@code connectStatus=N} (answer N), {@code connectThrow} (throw) and
 * {@code selfPost} (post to the connection's own id during $connect and remember the HTTP status) steer it.
 */
public class RecordingHandler implements RequestStreamHandler {
    static final Queue<JsonNode> EVENTS = new ConcurrentLinkedQueue<>();
    static final Map<String, Integer> SELF_POST_STATUS = new ConcurrentHashMap<>();
    static final Map<String, String> ENV = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RequestStreamHandler delegate;
    private final String mode;
    private final String callbackUrl;

    public RecordingHandler(Map<String, String> env) throws ReflectiveOperationException {
        String d = env.get("DELEGATE");
        this.delegate = d == null ? null
                : (RequestStreamHandler) Class.forName(d).getConstructor(Map.class).newInstance(env);
        this.mode = env.getOrDefault("MODE", "echo");
        this.callbackUrl = env.get("CALLBACK_URL");
        ENV.putAll(env);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] raw = input.readAllBytes();
        JsonNode event = JSON.readTree(raw);
        EVENTS.add(event);
        JsonNode query = event.path("queryStringParameters");
        if (!event.has("methodArn") && "CONNECT".equals(event.path("requestContext").path("eventType").asText())) {
            if (query.has("connectStatus")) {
                output.write(("{\"statusCode\":" + query.get("connectStatus").asInt() + "}").getBytes());
                return;
            }
            if (query.has("connectThrow")) {
                throw new IllegalStateException("connect failed on purpose");
            }
            if (query.has("selfPost")) {
                String id = event.path("requestContext").path("connectionId").asText();
                try {
                    int status = HTTP.send(HttpRequest.newBuilder(URI.create(callbackUrl + "/@connections/" + id))
                            .POST(HttpRequest.BodyPublishers.ofString("early")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    SELF_POST_STATUS.put(id, status);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (delegate != null) {
            delegate.handleRequest(new ByteArrayInputStream(raw), output, context);
            return;
        }
        switch (mode) {
            case "throw" -> throw new IllegalStateException("route failed on purpose");
            case "blank" -> output.write("{\"statusCode\":200,\"body\":\"\"}".getBytes());
            case "garbage" -> output.write("<html>not json".getBytes());
            case "digest" -> {
                byte[] body = event.path("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                var r = JSON.createObjectNode();
                r.put("statusCode", 200);
                r.put("body", "{\"length\":" + body.length + ",\"sha256\":\"" + sha256(body) + "\"}");
                output.write(JSON.writeValueAsBytes(r));
            }
            default -> {
                var r = JSON.createObjectNode();
                r.put("statusCode", 200);
                r.put("body", "echo:" + event.path("body").asText());
                output.write(JSON.writeValueAsBytes(r));
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last recorded event whose requestContext field {@code field} equals {@code value}. */
    static JsonNode last(String field, String value) {
        JsonNode found = null;
        for (JsonNode e : EVENTS) {
            if (value.equals(e.path("requestContext").path(field).asText())) {
                found = e;
            }
        }
        return found;
    }
}
