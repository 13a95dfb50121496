package dev.switchboard.azure.webpubsub;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * One hub's settings, as a {@code webpubsub:WebPubSubHub} resource holds them (howto-develop-eventhandler): the event
 * handler's URL template ({@code {hub}} and {@code {event}} are replaced; null for none), the user event pattern
 * ({@code *} for every event, a comma-separated list of names, or null/empty for none), the system events sent to the
 * handler ({@code connect}, {@code connected}, {@code disconnected}), and whether clients without an access token may
 * connect (the hub's anonymous connect policy; default deny, as the service's).
 */
public record HubSettings(String name, String urlTemplate, String userEventPattern, Set<String> systemEvents,
                          boolean anonymousConnect) {
    static final Set<String> SYSTEM_EVENTS = Set.of("connect", "connected", "disconnected");

    public HubSettings {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}")) {
            throw new IllegalArgumentException("hub name '" + name + "': a hub name starts with a letter and holds"
                    + " letters, digits and _`,.[] (at most 128 characters)");
        }
        systemEvents = systemEvents == null ? Set.of() : Set.copyOf(systemEvents);
        for (String e : systemEvents) {
            if (!SYSTEM_EVENTS.contains(e)) {
                throw new IllegalArgumentException("hub '" + name + "' systemEvents: '" + e + "' is not one of "
                        + SYSTEM_EVENTS);
            }
        }
        if (urlTemplate != null) {
            URI u;
            try {
                u = URI.create(urlTemplate.replace("{hub}", "h").replace("{event}", "e"));
            } catch (IllegalArgumentException e) {
                u = URI.create("invalid:");
            }
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("hub '" + name + "' urlTemplate '" + urlTemplate
                        + "': the event handler must be an http or https URL with a host");
            }
        }
    }

    /** A hub without an event handler: clients need a token and talk only through the subprotocol and REST API. */
    public static HubSettings withoutHandler(String name) {
        return new HubSettings(name, null, null, Set.of(), false);
    }

    /** The event handler URL for one event, or null when the hub has none. */
    String url(String event) {
        return urlTemplate == null ? null : urlTemplate.replace("{hub}", name).replace("{event}", event);
    }

    boolean handlesSystem(String event) {
        return urlTemplate != null && systemEvents.contains(event);
    }

    boolean handlesUser(String event) {
        if (urlTemplate == null || userEventPattern == null || userEventPattern.isBlank()) {
            return false;
        }
        return Arrays.stream(userEventPattern.split(",")).map(String::trim)
                .anyMatch(p -> p.equals("*") || p.equalsIgnoreCase(event));
    }

    String key() {
        return name.toLowerCase(Locale.ROOT);
    }
}
