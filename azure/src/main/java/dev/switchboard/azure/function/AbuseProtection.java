package dev.switchboard.azure.function;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CloudEvents webhook validation handshake (https://github.com/cloudevents/spec/blob/v1.0/http-webhook.md section
 * 4, "Abuse Protection"): before it delivers events, the service sends {@code OPTIONS} with
 * {@code WebHook-Request-Origin: <service host>}; the handler allows delivery by answering
 * {@code WebHook-Allowed-Origin} with that host (MicrosoftDocs/azure-docs
 * articles/azure-web-pubsub/reference-cloud-events.md, "Webhook validation"). Only the configured service hosts are
 * allowed: an unknown origin gets 403 without the header (the service then refuses to deliver), a request without the
 * header 400, as {@code @azure/web-pubsub-express} answers it.
 */
public final class AbuseProtection {
    static final String REQUEST_ORIGIN = "WebHook-Request-Origin";
    static final String ALLOWED_ORIGIN = "WebHook-Allowed-Origin";
    private final Set<String> allowed;

    /** @param allowedHosts the service hosts allowed to deliver events (case-insensitive) */
    public AbuseProtection(List<String> allowedHosts) {
        this.allowed = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The answer to an {@code OPTIONS} request with these headers. */
    public Reply answer(Headers headers) {
        String origin = headers.get(REQUEST_ORIGIN);
        if (origin == null || origin.isBlank()) {
            return Reply.status(400, "missing WebHook-Request-Origin: this endpoint only answers the Web PubSub"
                    + " webhook validation request");
        }
        if (!allowed.contains(origin.trim().toLowerCase(Locale.ROOT))) {
            return Reply.status(403, "origin '" + origin.trim() + "' is not a configured Web PubSub service host");
        }
        return new Reply(200, Map.of(ALLOWED_ORIGIN, origin.trim()), new byte[0]);
    }
}
