package dev.switchboard.azure.function;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One Web PubSub event as the service delivers it: a CloudEvent in binary mode, its attributes in {@code ce-*} headers
 * (MicrosoftDocs/azure-docs articles/azure-web-pubsub/reference-cloud-events.md).
 *
 * @param kind         what the event is, from {@code ce-type}
 * @param type         {@code ce-type} as sent, e.g. {@code azure.webpubsub.user.message}
 * @param id           {@code ce-id}, the event's id (used as the protocol's message id)
 * @param connectionId {@code ce-connectionId}
 * @param hub          {@code ce-hub}
 * @param eventName    {@code ce-eventName}, or the part of {@code ce-type} after the prefix when absent
 * @param time         {@code ce-time}, or null when absent or not an RFC 3339 time
 * @param contentType  the body's media type (without parameters), or null
 */
public record CloudEvent(Kind kind, String type, String id, String connectionId, String hub, String eventName,
                         Instant time, String contentType) {
    /** The event kinds the handler tells apart. */
    public enum Kind { CONNECT, CONNECTED, DISCONNECTED, USER }

    static final String SYSTEM_PREFIX = "azure.webpubsub.sys.";
    static final String USER_PREFIX = "azure.webpubsub.user.";

    /** A request that is not a well-formed Web PubSub CloudEvent: answered 400 with the message. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the attributes.
     *
     * @throws Malformed naming the first missing or invalid attribute
     */
    public static CloudEvent of(Headers h) {
        String spec = h.get("ce-specversion");
        if (spec != null && !"1.0".equals(spec.trim())) {
            throw new Malformed("ce-specversion '" + spec + "' is not supported: this handler reads CloudEvents 1.0");
        }
        String type = require(h, "ce-type");
        String connectionId = require(h, "ce-connectionId");
        String hub = require(h, "ce-hub");
        Kind kind;
        String name;
        if (type.startsWith(USER_PREFIX) && type.length() > USER_PREFIX.length()) {
            kind = Kind.USER;
            name = type.substring(USER_PREFIX.length());
        } else {
            kind = switch (type) {
                case SYSTEM_PREFIX + "connect" -> Kind.CONNECT;
                case SYSTEM_PREFIX + "connected" -> Kind.CONNECTED;
                case SYSTEM_PREFIX + "disconnected" -> Kind.DISCONNECTED;
                default -> throw new Malformed("ce-type '" + type + "' is not a Web PubSub event type"
                        + " (azure.webpubsub.sys.connect|connected|disconnected or azure.webpubsub.user.<event>)");
            };
            name = type.substring(SYSTEM_PREFIX.length());
        }
        String eventName = h.get("ce-eventName");
        Instant time = null;
        String t = h.get("ce-time");
        if (t != null) {
            try {
                time = Instant.parse(t.trim());
            } catch (DateTimeParseException e) {
                time = null;
            }
        }
        String ct = h.get("Content-Type");
        String media = ct == null ? null : ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return new CloudEvent(kind, type, h.get("ce-id"), connectionId, hub,
                eventName == null || eventName.isBlank() ? name : eventName, time, media);
    }

    /** Just the connection id, for the signature check before the rest is read (null when absent). */
    static String connectionIdOf(Headers h) {
        String id = h.get("ce-connectionId");
        return id == null || id.isBlank() ? null : id;
    }

    private static String require(Headers h, String name) {
        String v = h.get(name);
        if (v == null || v.isBlank()) {
            throw new Malformed("missing " + name + ": not a Web PubSub CloudEvent (binary mode)");
        }
        return v.trim();
    }
}
