package dev.switchboard.lambdas.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured JSON logs and CloudWatch embedded-metric-format (EMF) lines, one JSON object per line on standard out
 * (Lambda ships it to CloudWatch Logs). Log lines carry the connection and API Gateway request ids (and Lambda's
 * {@code awsRequestId} when there is one); callers never pass tokens,
 * headers or query strings. Metrics go to namespace {@link #NAMESPACE} with dimensions {@code Service} and
 * {@code Route}.
 */
public final class Telemetry {
    public static final String NAMESPACE = "Switchboard";
    /** Frames handled (one per action-route invocation). */
    public static final String MESSAGES = "Messages";
    /** Recipients one send, whisper or presence event fanned out to. */
    public static final String FAN_OUT = "FanOutSize";
    /** Recipients that answered 410 Gone and whose records were deleted. */
    public static final String GONE_PURGED = "GoneConnectionsPurged";
    /** Frames answered RATE_LIMITED. */
    public static final String RATE_LIMITED = "RateLimitedFrames";
    /** Posts that failed for another reason than 410 (after retries). */
    public static final String POST_FAILURES = "PostFailures";

    private final String service;
    private final Consumer<String> sink;
    private final Clock clock;

    public Telemetry(String service, Consumer<String> sink, Clock clock) {
        this.service = service;
        this.sink = sink;
        this.clock = clock;
    }

    /** Writes to standard out. */
    public static Telemetry stdout(String service) {
        return new Telemetry(service, System.out::println, Clock.systemUTC());
    }

    public void info(WebSocketRequest r, String message, Map<String, ?> fields) {
        log("INFO", r, message, fields, null);
    }

    public void warn(WebSocketRequest r, String message, Map<String, ?> fields) {
        log("WARN", r, message, fields, null);
    }

    public void error(WebSocketRequest r, String message, Throwable t) {
        log("ERROR", r, message, Map.of(), t);
    }

    private void log(String level, WebSocketRequest r, String message, Map<String, ?> fields, Throwable t) {
        ObjectNode n = Json.object()
                .put("timestamp", Instant.now(clock).toString())
                .put("level", level)
                .put("service", service)
                .put("message", message);
        if (r != null) {
            n.put("route", r.routeKey()).put("connectionId", r.connectionId()).put("requestId", r.requestId());
            if (r.lambdaRequestId() != null) {
                n.put("awsRequestId", r.lambdaRequestId());
            }
        }
        fields.forEach((k, v) -> put(n, k, v));
        if (t != null) {
            n.put("errorType", t.getClass().getName()).put("error", String.valueOf(t.getMessage()));
        }
        sink.accept(Json.write(n));
    }

    /** Sets {@code k} to {@code v}: the common field types directly, others through the mapper (a tree copy). */
    private static void put(ObjectNode n, String k, Object v) {
        if (v == null) {
            n.putNull(k);
        } else if (v instanceof String s) {
            n.put(k, s);
        } else if (v instanceof Integer i) {
            n.put(k, i);
        } else if (v instanceof Long l) {
            n.put(k, l);
        } else if (v instanceof Double d) {
            n.put(k, d);
        } else if (v instanceof Boolean b) {
            n.put(k, b);
        } else {
            n.set(k, Json.MAPPER.valueToTree(v));
        }
    }

    /** One EMF line with this invocation's metrics, if it counted any. */
    public void flushMetrics(WebSocketRequest r) {
        if (r.metrics().isEmpty()) {
            return;
        }
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws").put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Service").add("Route");
        ArrayNode defs = directive.putArray("Metrics");
        root.put("Service", service).put("Route", String.valueOf(r.routeKey()));
        r.metrics().forEach((name, value) -> {
            defs.addObject().put("Name", name).put("Unit", "Count");
            root.put(name, value);
        });
        root.put("connectionId", r.connectionId()).put("requestId", r.requestId());
        sink.accept(Json.write(root));
    }
}
