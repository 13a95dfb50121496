package dev.switchboard.lambdas.auth;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Loads the authorizer event fixtures (test resources {@code events/authorizer-*.json}) and invokes handlers. */
public final class AuthorizerEvents {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** The methodArn of every fixture. */
    public static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/dev/$connect";

    private AuthorizerEvents() {
    }

    /** {@code events/authorizer-request.json} carrying {@code token}. */
    public static byte[] withToken(String token) {
        return fixture("authorizer-request.json", token, null);
    }

    /** {@code events/authorizer-request-origin.json}: the token plus a lower-case {@code x-switchboard-origin} header. */
    public static byte[] withOrigin(String token, String originValue) {
        return fixture("authorizer-request-origin.json", token, originValue);
    }

    /** {@code events/authorizer-request-no-token.json}: no query string at all. */
    public static byte[] withoutQueryString() {
        return fixture("authorizer-request-no-token.json", null, null);
    }

    /**
     * {@code events/authorizer-request.json} without a query string, with {@code Sec-WebSocket-Protocol} sent once per
     * value (each a comma-separated list of offers, as a client sends it).
     */
    public static byte[] withProtocols(String... values) {
        return withProtocolsAndQueryToken(null, values);
    }

    /** {@link #withProtocols} plus {@code ?token=queryToken} when it is not null. */
    public static byte[] withProtocolsAndQueryToken(String queryToken, String... values) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(queryToken != null ? withToken(queryToken) : withoutQueryString());
            ((ObjectNode) event.get("headers")).put("Sec-WebSocket-Protocol", values[values.length - 1]);
            var multi = ((ObjectNode) event.get("multiValueHeaders")).putArray("Sec-WebSocket-Protocol");
            for (String v : values) {
                multi.add(v);
            }
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fixture(String name, String token, String origin) {
        try (InputStream in = AuthorizerEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture events/" + name);
            }
            ObjectNode event = (ObjectNode) JSON.readTree(in);
            if (token != null) {
                ((ObjectNode) event.get("queryStringParameters")).put("token", token);
                ((ObjectNode) event.get("multiValueQueryStringParameters")).putArray("token").add(token);
            }
            if (origin != null) {
                ((ObjectNode) event.get("headers")).put("x-switchboard-origin", origin);
                ((ObjectNode) event.get("multiValueHeaders")).putArray("x-switchboard-origin").add(origin);
            }
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the handler on the event and parses its output. */
    public static JsonNode invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log that keeps its lines in memory. */
    public static final class CapturedLog {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        public final AuthLog log = new AuthLog(JSON, new PrintStream(bytes, true, StandardCharsets.UTF_8), "test",
                Clock.systemUTC());

        public String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        public List<JsonNode> lines() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : text().split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("not a JSON log line: " + line, e);
                    }
                }
            }
            return lines;
        }

        public JsonNode last() {
            List<JsonNode> lines = lines();
            if (lines.isEmpty()) {
                throw new AssertionError("nothing was logged");
            }
            return lines.get(lines.size() - 1);
        }
    }
}
