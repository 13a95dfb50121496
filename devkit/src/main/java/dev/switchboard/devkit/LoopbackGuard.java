package dev.switchboard.devkit;

import java.util.List;
import java.util.Locale;

/**
 * The guards that keep a local runner the developer's own, on plain header values so that every runner's HTTP server
 * can apply them (the local AWS API, the Azure runner; the Worker's copy is cloudflare/src/worker/local.mjs).
 * <ul>
 *   <li>{@link #hostAllowed}: the DNS-rebinding guard of the dev-token endpoint and the management API: they answer
 *   only requests whose {@code Host} names this machine's loopback, {@code 127.0.0.1}, {@code localhost} or
 *   {@code [::1]}, with the runner's port. A web page the developer visits can make its own host name resolve to
 *   127.0.0.1 and then talk to the runner as same-origin; its requests still carry that host name, which is what this
 *   refuses (the same defence as Vite's and webpack-dev-server's allowed-hosts checks).</li>
 *   <li>{@link #originAllowed}: the cross-origin guard of the WebSocket handshake, the management API and the
 *   dev-token endpoint. A page on another origin needs no DNS trick to open a WebSocket to 127.0.0.1 (WebSockets are
 *   not bound by the same-origin policy) or to send a {@code no-cors} POST to it; a browser always names the page's
 *   origin in {@code Origin} on both (RFC 6455 section 4.1 item 8; Fetch standard, "append a request Origin header":
 *   every request whose method is neither GET nor HEAD, and every cors-mode request). Requests without
 *   {@code Origin} come from non-browser clients (wscat, the SDKs, the probe), which a page cannot drive, and are
 *   allowed. A refused request is answered 403 with {@link #crossOriginBody}.</li>
 * </ul>
 */
public final class LoopbackGuard {
    private LoopbackGuard() {
    }

    /**
     * Whether a request with these {@code Origin} header values has none, or the runner's own: {@code http://} and a
     * loopback name with {@code port} (no port only when it is 80). {@code Origin: null} (sandboxed frames,
     * {@code file:} pages) and more than one {@code Origin} are refused.
     */
    public static boolean originAllowed(List<String> origins, int port) {
        if (origins.isEmpty()) {
            return true;
        }
        if (origins.size() > 1) {
            return false;
        }
        String o = origins.get(0).trim().toLowerCase(Locale.ROOT);
        return o.startsWith("http://") && loopbackWithPort(o.substring("http://".length()), port);
    }

    /** Whether a {@code Host} header value is a loopback name with {@code port} (no port only when it is 80). */
    public static boolean hostAllowed(String host, int port) {
        return host != null && loopbackWithPort(host.trim().toLowerCase(Locale.ROOT), port);
    }

    /** The JSON body of the 403 answer to another origin: {@code {"code":"CROSS_ORIGIN","message":...}}. */
    public static String crossOriginBody(String runner, int port) {
        return "{\"code\":\"CROSS_ORIGIN\",\"message\":\"Forbidden: " + runner + " answers pages of http://127.0.0.1:"
                + port + " (or localhost, [::1]) and clients that send no Origin\"}";
    }

    /** Whether a lower-case {@code host[:port]} names a loopback with {@code port}. */
    private static boolean loopbackWithPort(String h, int port) {
        String name;
        String p;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = h.substring(0, end + 1);
            p = h.length() > end + 1 && h.charAt(end + 1) == ':' ? h.substring(end + 2) : h.length() == end + 1 ? null : "bad";
        } else {
            int colon = h.lastIndexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            p = colon < 0 ? null : h.substring(colon + 1);
        }
        boolean loopback = name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
        boolean portMatches = p == null ? port == 80 : p.equals(Integer.toString(port));
        return loopback && portMatches;
    }
}
