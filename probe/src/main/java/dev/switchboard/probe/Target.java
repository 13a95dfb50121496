package dev.switchboard.probe;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint the probe checks: the URL clients use (the stack's {@code WebSocketUrl} output, or the local API's
 * {@code ws://127.0.0.1:PORT/STAGE}), its region and, optionally, its management API
 * ({@code https://API.execute-api.REGION.amazonaws.com/STAGE}, or the local {@code http://127.0.0.1:PORT/STAGE}).
 */
public record Target(String region, URI url, URI managementUrl) {
    private static final Pattern EXECUTE_API = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");

    public Target {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("--url " + url + ": not a WebSocket URL. Fix: use wss://HOST[/STAGE]"
                    + " (the stack's WebSocketUrl output) or the local API's ws://127.0.0.1:PORT/STAGE");
        }
        if (managementUrl != null) {
            String m = managementUrl.toString();
            if (m.endsWith("/@connections") || m.endsWith("/@connections/")) {
                managementUrl = URI.create(m.substring(0, m.indexOf("/@connections")));
            }
            if (!"http".equals(managementUrl.getScheme()) && !"https".equals(managementUrl.getScheme())) {
                throw new IllegalArgumentException("--management-url " + m + ": not an http(s) URL. Fix: use the"
                        + " stack's CallbackUrl output, https://API.execute-api.REGION.amazonaws.com/STAGE");
            }
        }
    }

    /** Whether the management API is on this machine (dummy credentials instead of the default chain). */
    public boolean loopbackManagement() {
        return isLoopback(managementUrl);
    }

    /** Whether the endpoint is on this machine (the local API). */
    public boolean loopback() {
        return isLoopback(url);
    }

    static boolean isLoopback(URI u) {
        String h = u == null || u.getHost() == null ? "" : u.getHost();
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
    }

    /** The local API's management URL for its WebSocket URL: the same host, port and stage over http. */
    static URI localManagement(URI ws) {
        String s = ws.toString().replaceFirst("^ws", "http");
        int q = s.indexOf('?');
        return URI.create(q < 0 ? s : s.substring(0, q));
    }

    /** The region of an execute-api host, else null. */
    static String regionOf(URI u) {
        if (u == null || u.getHost() == null) {
            return null;
        }
        Matcher m = EXECUTE_API.matcher(u.getHost());
        return m.matches() ? m.group(1) : null;
    }

    /** The plain HTTP URL of the WebSocket endpoint (for the upgrade-required case). */
    public URI httpUrl() {
        return URI.create(url.toString().replaceFirst("^ws", "http"));
    }
}
