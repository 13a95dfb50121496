package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * One message's data and its type, the unit the service moves between the REST API, the event handler and clients:
 * {@code text} ({@code text/plain}), {@code json} ({@code application/json}) or {@code binary}
 * ({@code application/octet-stream}). Simple WebSocket clients get text and json as text frames and binary as binary
 * frames; subprotocol clients get it wrapped in a {@code message} (reference-json-webpubsub-subprotocol, "Message
 * response": binary base64-encoded, json as the JSON value itself).
 */
record Payload(Type type, byte[] bytes) {
    enum Type {
        TEXT("text", "text/plain"), JSON("json", "application/json"), BINARY("binary", "application/octet-stream");

        final String dataType;
        final String contentType;

        Type(String dataType, String contentType) {
            this.dataType = dataType;
            this.contentType = contentType;
        }

        /** The type of a Content-Type header (parameters ignored), or null when the service does not take it. */
        static Type ofContentType(String contentType) {
            if (contentType == null) {
                return null;
            }
            String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (Type t : values()) {
                if (t.contentType.equals(base)) {
                    return t;
                }
            }
            return null;
        }

        static Type ofDataType(String dataType) {
            for (Type t : values()) {
                if (t.dataType.equals(dataType)) {
                    return t;
                }
            }
            return null;
        }
    }

    static Payload text(String s) {
        return new Payload(Type.TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    String asText() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Checks a json payload parses; a clear message when it does not. */
    Payload validated() {
        if (type == Type.JSON) {
            try {
                Jwt.JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException("the body is not valid JSON (Content-Type application/json)");
            }
        }
        return this;
    }

    /**
     * A subprotocol data message from the JSON form ({@code dataType} and {@code data}); throws
     * IllegalArgumentException naming what is wrong.
     */
    static Payload ofMessage(JsonNode message) {
        Type t = Type.ofDataType(message.path("dataType").asText("json"));
        if (t == null) {
            throw new IllegalArgumentException("dataType '" + message.path("dataType").asText()
                    + "' is not json, text or binary");
        }
        JsonNode data = message.get("data");
        if (data == null) {
            throw new IllegalArgumentException("the message has no data");
        }
        return switch (t) {
            case JSON -> new Payload(t, data.toString().getBytes(StandardCharsets.UTF_8));
            case TEXT -> {
                if (!data.isTextual()) {
                    throw new IllegalArgumentException("data of dataType text must be a string");
                }
                yield text(data.asText());
            }
            case BINARY -> {
                try {
                    yield new Payload(t, Base64.getDecoder().decode(data.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("data of dataType binary must be base64");
                }
            }
        };
    }

    /** {@code dataType} and {@code data} added to a subprotocol message. */
    ObjectNode into(ObjectNode message) {
        message.put("dataType", type.dataType);
        switch (type) {
            case TEXT -> message.put("data", asText());
            case BINARY -> message.put("data", Base64.getEncoder().encodeToString(bytes));
            case JSON -> {
                try {
                    message.set("data", Jwt.JSON.readTree(bytes));
                } catch (IOException e) {
                    message.put("data", asText());
                }
            }
        }
        return message;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
