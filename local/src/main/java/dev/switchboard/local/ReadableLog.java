package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The local API's log for a person at a terminal ({@code --log readable}): one line per invocation with its time,
 * route, user, duration and outcome ({@code 200}, {@code 200 error RATE_LIMITED}, {@code allow},
 * {@code deny EXPIRED_TOKEN}, {@code failed: ...}), and one line for a handshake refused before any function ran.
 * It takes {@code System.out}'s place: the handlers' embedded-metric lines and INFO lines are dropped, the
 * authorizer's decision line is kept until its invocation's line (which shows its reason), WARN and ERROR lines are
 * shown shortened, and anything that is not a JSON object passes through. {@link Functions} reports every invocation
 * through {@link #invoked}; without {@link #install()} that is a no-op and the JSON lines go out as they are.
 */
final class ReadableLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static volatile ReadableLog active;

    private final PrintStream out;
    /** The authorizer's decision lines by API Gateway request id, until the invocation's line takes them. */
    private final Map<String, JsonNode> decisions = new ConcurrentHashMap<>();

    private ReadableLog(PrintStream out) {
        this.out = out;
    }

    /** Reads everything later written to {@code System.out} and writes the readable lines to the stream it replaces. */
    static void install() {
        ReadableLog log = new ReadableLog(System.out);
        System.setOut(new PrintStream(new Lines(log::read), false, StandardCharsets.UTF_8));
        active = log;
    }

    /** One invocation of {@code function} ended with {@code output}, or with {@code error}, after {@code nanos}. */
    static void invoked(String function, byte[] event, byte[] output, Throwable error, long nanos) {
        ReadableLog log = active;
        if (log != null) {
            log.out.println(log.invocationLine(function, event, output, error, nanos));
        }
    }

    /** A handshake the gateway refused itself, before any function ran. */
    static void refused(String route, String outcome) {
        ReadableLog log = active;
        if (log != null) {
            log.out.println(format(route, "-", 0, outcome));
        }
    }

    private String invocationLine(String function, byte[] event, byte[] output, Throwable error, long nanos) {
        JsonNode e = parse(event);
        JsonNode rc = e.path("requestContext");
        boolean authorizer = e.path("type").asText().equals("REQUEST") && e.has("methodArn");
        JsonNode decision = authorizer ? decisions.remove(rc.path("requestId").asText()) : null;
        String route = authorizer ? "authorizer" : rc.path("routeKey").asText(e.has("Records") ? function : "-");
        String user = text(rc.path("authorizer").path("userId"), text(rc.path("authorizer").path("principalId"),
                decision == null ? "-" : text(decision.path("userId"), "-")));
        return format(route, user, nanos / 1_000_000, outcome(authorizer, decision, output, error));
    }

    private static String outcome(boolean authorizer, JsonNode decision, byte[] output, Throwable error) {
        if (error != null) {
            return authorizer && "Unauthorized".equals(error.getMessage()) ? "401 Unauthorized"
                    : "failed: " + error.getMessage();
        }
        if (decision != null) {
            String reason = decision.path("reason").asText("");
            String outcome = decision.path("outcome").asText("?").toLowerCase(Locale.ROOT);
            return reason.isEmpty() || outcome.equals("allow") ? outcome : outcome + " " + reason;
        }
        JsonNode result = parse(output);
        if (authorizer) {
            return result.at("/policyDocument/Statement/0/Effect").asText("?").toLowerCase(Locale.ROOT);
        }
        if (result.has("batchItemFailures")) {
            int failed = result.path("batchItemFailures").size();
            return failed == 0 ? "ok" : failed + " failed";
        }
        String status = result.has("statusCode") ? result.path("statusCode").asText() : "200";
        JsonNode frame = parse(result.path("body").asText("").getBytes(StandardCharsets.UTF_8));
        String type = frame.path("type").asText("");
        if (type.equals("error")) {
            return status + " error " + frame.path("code").asText("?");
        }
        return type.isEmpty() ? status : status + " " + type;
    }

    private static String format(String route, String user, long millis, String outcome) {
        return String.format("%s  %-12s %-16s %6d ms  %s", LocalTime.now().format(TIME), route, user, millis, outcome);
    }

    private void read(String s) {
        if (!s.startsWith("{")) {
            out.println(s);
            return;
        }
        JsonNode n = parse(s.getBytes(StandardCharsets.UTF_8));
        if (n.isMissingNode() || n.has("_aws")) {
            return;
        }
        if (n.path("message").asText().equals("authorizer decision") && n.hasNonNull("requestId")) {
            decisions.put(n.path("requestId").asText(), n);
            return;
        }
        String level = n.path("level").asText();
        if (level.equals("WARN") || level.equals("ERROR")) {
            String error = n.hasNonNull("error") ? ": " + n.path("error").asText()
                    : n.hasNonNull("cause") ? ": " + n.path("cause").asText() : "";
            out.println(LocalTime.now().format(TIME) + "  " + level + "  " + text(n.path("route"), "")
                    + (n.has("route") ? "  " : "") + n.path("message").asText() + error);
        }
    }

    private static String text(JsonNode n, String otherwise) {
        return n.isTextual() && !n.asText().isEmpty() ? n.asText() : otherwise;
    }

    private static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            return JSON.missingNode();
        }
        try {
            JsonNode n = JSON.readTree(json);
            return n == null ? JSON.missingNode() : n;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** Cuts what is written into lines (UTF-8, without the line end) for a consumer; called under PrintStream's lock. */
    private static final class Lines extends OutputStream {
        private final Consumer<String> consumer;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        Lines(Consumer<String> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                line.reset();
                consumer.accept(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
