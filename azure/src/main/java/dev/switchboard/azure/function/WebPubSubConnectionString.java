package dev.switchboard.azure.function;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Web PubSub connection string, {@code Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;}
 * (optionally {@code Port=<n>;}), as the portal's "Keys" page shows it and the server SDKs take it.
 *
 * @param endpoint  the service endpoint
 * @param accessKey the access key (which signs the events the service sends: {@link EventSignature})
 * @param raw       the string as given (for the SDK)
 */
public record WebPubSubConnectionString(URI endpoint, String accessKey, String raw) {
    @Override
    public String toString() {
        return "WebPubSubConnectionString[endpoint=" + endpoint + "]"; // never the key
    }

    /**
     * @param field the setting it came from, named in errors
     * @throws IllegalArgumentException naming {@code field} when the string lacks {@code Endpoint} or {@code AccessKey}
     */
    public static WebPubSubConnectionString parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is not set: set it to the hub's connection string"
                    + " (Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;)");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            }
        }
        String endpoint = parts.get("endpoint");
        String key = parts.get("accesskey");
        if (endpoint == null || key == null || key.isEmpty()) {
            throw new IllegalArgumentException(field + " lacks Endpoint= or AccessKey=: copy the connection string"
                    + " from the Web PubSub resource's Keys page");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": Endpoint '" + endpoint + "' is not a URL", e);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(field + ": Endpoint '" + endpoint + "' must be an http(s) URL");
        }
        String port = parts.get("port");
        if (port != null && uri.getPort() < 0) {
            uri = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + Integer.parseInt(port));
        }
        return new WebPubSubConnectionString(uri, key, value);
    }
}
