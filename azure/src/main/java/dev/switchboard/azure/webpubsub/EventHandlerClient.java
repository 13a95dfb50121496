package dev.switchboard.azure.webpubsub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Delivers events to a hub's event handler as the service does (reference-cloud-events): CloudEvents in binary mode
 * over HTTP POST, with {@code WebHook-Request-Origin} (the service's host, here {@code 127.0.0.1:PORT}) and the Web
 * PubSub attributes as {@code ce-*} headers, {@code ce-signature} signed with both access keys. Before the first event
 * of a hub it runs the CloudEvents abuse-protection handshake: an {@code OPTIONS} with {@code WebHook-Request-Origin}
 * to the URL template with {@code {event}} set to {@code validate}, which must be answered with a
 * {@code WebHook-Allowed-Origin} of {@code *} or that origin; until it is, nothing is delivered to the hub's handler
 * and the refusal is logged (the check is repeated on the next event). Defaults: a per-request timeout given by
 * {@link LocalWebPubSub.Options#eventHandlerTimeout()}.
 */
final class EventHandlerClient {
    /** The answer of a handler; status 0 when it could not be reached, refused delivery or timed out. */
    record Reply(int status, byte[] body, String contentType, String state, String problem) {
        boolean ok() {
            return status >= 200 && status <= 299;
        }

        static Reply failed(String problem) {
            return new Reply(0, new byte[0], null, null, problem);
        }
    }

    /** The Web PubSub attributes of one event ({@code ce-userId} and {@code ce-subprotocol} only when set). */
    record Event(String type, String eventName, HubSettings hub, String connectionId, String userId,
                 String subprotocol, String state) {
    }

    private final HttpClient http;
    private final AccessKeys keys;
    private final String origin;
    private final Duration timeout;
    private final Consumer<String> log;
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> checking = new ConcurrentHashMap<>();

    EventHandlerClient(AccessKeys keys, String origin, Duration timeout, Consumer<String> log) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.keys = keys;
        this.origin = origin;
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * POSTs one event to the hub's URL template with {@code {event}} resolved to the event's name, and waits for the
     * answer (blocking events act on it; the others only log a failure).
     */
    Reply deliver(Event e, String contentType, byte[] body) {
        String url = e.hub().url(e.eventName());
        String validation = e.hub().url("validate");
        if (!validated(validation)) {
            return Reply.failed("the event handler " + validation + " did not pass the abuse-protection check");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("WebHook-Request-Origin", origin)
                .header("Content-Type", contentType)
                .header("ce-specversion", "1.0")
                .header("ce-type", e.type())
                .header("ce-source", "/hubs/" + e.hub().name() + "/client/" + e.connectionId())
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .header("ce-awpsversion", "1.0")
                .header("ce-hub", e.hub().name())
                .header("ce-connectionId", e.connectionId())
                .header("ce-eventName", e.eventName())
                .header("ce-signature", keys.signature(e.connectionId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (e.userId() != null) {
            b.header("ce-userId", e.userId());
        }
        if (e.subprotocol() != null) {
            b.header("ce-subprotocol", e.subprotocol());
        }
        if (e.state() != null) {
            b.header("ce-connectionState", e.state());
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Reply reply = new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("ce-connectionState").orElse(null), null);
            if (!reply.ok()) {
                log.accept("event " + e.type() + " for connection " + e.connectionId() + ": the event handler "
                        + url + " answered " + r.statusCode());
            }
            return reply;
        } catch (IOException ex) {
            log.accept("event " + e.type() + " for connection " + e.connectionId() + ": the event handler " + url
                    + " failed: " + ex);
            return Reply.failed(ex.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Reply.failed("interrupted");
        }
    }

    /**
     * The abuse-protection handshake, on the URL template with {@code {event}} resolved to {@code validate}
     * (concept-service-internals, "Upstream and Validation"), answered from the cache once it has passed.
     */
    private boolean validated(String url) {
        if (allowed.contains(url)) {
            return true;
        }
        synchronized (checking.computeIfAbsent(url, u -> new Object())) {
            return allowed.contains(url) || validate(url);
        }
    }

    private boolean validate(String url) {
        HttpRequest options = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("WebHook-Request-Origin", origin)
                .header("ce-awpsversion", "1.0")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> r = http.send(options, HttpResponse.BodyHandlers.discarding());
            for (String v : r.headers().allValues("WebHook-Allowed-Origin")) {
                for (String o : v.split(",")) {
                    if (o.trim().equals("*") || o.trim().equalsIgnoreCase(origin)) {
                        allowed.add(url);
                        return true;
                    }
                }
            }
            log.accept("abuse protection: the event handler " + url + " answered OPTIONS with " + r.statusCode()
                    + " and WebHook-Allowed-Origin " + r.headers().allValues("WebHook-Allowed-Origin")
                    + ", which allows neither '*' nor '" + origin + "': no event is delivered to it");
        } catch (IOException ex) {
            log.accept("abuse protection: OPTIONS to the event handler " + url + " failed (" + ex
                    + "): no event is delivered to it");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
