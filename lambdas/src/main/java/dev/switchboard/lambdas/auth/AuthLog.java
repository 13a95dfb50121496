package dev.switchboard.lambdas.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One structured JSON line per authorizer decision: {@code timestamp}, {@code level}, {@code service},
 * {@code message}, {@code outcome} (ALLOW, DENY, UNAUTHORIZED, ERROR), {@code reason} (a {@link Reason} or
 * BAD_EVENT/VERIFIER_UNAVAILABLE/SECRET_UNAVAILABLE), {@code requestId}, {@code connectionId}, {@code awsRequestId} and, when known,
 * {@code userId}, {@code alg} and {@code kid} (truncated). Never the token, never a secret.
 */
public final class AuthLog {
    private static final int MAX_FIELD_CHARS = 128;

    private final ObjectMapper json;
    private final PrintStream out;
    private final String service;
    private final Clock clock;

    public AuthLog(ObjectMapper json, PrintStream out, String service, Clock clock) {
        this.json = Objects.requireNonNull(json, "json");
        this.out = Objects.requireNonNull(out, "out");
        this.service = service == null || service.isBlank() ? "switchboard" : service;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Logs one decision; {@code fields} holds the optional ones (null values are left out). */
    public void decision(String level, String outcome, String reason, AuthorizerEvent event, String awsRequestId,
                         Map<String, String> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("service", service);
        line.put("message", "authorizer decision");
        line.put("outcome", outcome);
        line.put("reason", reason);
        if (event != null) {
            putIfPresent(line, "requestId", event.requestId());
            putIfPresent(line, "connectionId", event.connectionId());
        }
        putIfPresent(line, "awsRequestId", awsRequestId);
        fields.forEach((k, v) -> putIfPresent(line, k, v));
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"message\":\"cannot write a log line\",\"reason\":\"" + reason + "\"}");
        }
    }

    /**
     * One line per failed read of a secret: {@code message} "cannot read secret", {@code secretArn},
     * {@code versionStage} (AWSCURRENT or AWSPREVIOUS), {@code cause}
     * (the stable code, e.g. AccessDeniedException) and {@code detail}; {@code keeping} says which copy stays in use
     * (the time it was read), or "none" when the secret was never read (handshakes that need it then fail with 500).
     */
    public void secretUnreadable(SecretReadException e, String versionStage, String keeping) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", "ERROR");
        line.put("service", service);
        line.put("message", "cannot read secret");
        line.put("secretArn", e.secretId());
        line.put("versionStage", versionStage);
        line.put("cause", e.errorCode());
        putIfPresent(line, "detail", e.detail());
        line.put("keeping", keeping);
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException x) {
            out.println("{\"level\":\"ERROR\",\"message\":\"cannot read secret\"}");
        }
    }

    private static void putIfPresent(Map<String, Object> line, String key, String value) {
        if (value != null) {
            line.put(key, value.length() > MAX_FIELD_CHARS ? value.substring(0, MAX_FIELD_CHARS) + "..." : value);
        }
    }
}
