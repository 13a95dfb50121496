package dev.switchboard.local;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The guards that keep the local API the developer's own.
 * <ul>
 *   <li>{@link #allowed}: the DNS-rebinding guard of the dev-token endpoint and the management API: they answer only
 *   requests whose {@code Host} names this machine's loopback, {@code 127.0.0.1}, {@code localhost} or {@code [::1]},
 *   with the gateway's port. A web page the developer visits can make its own host name resolve to 127.0.0.1 and then
 *   talk to the local API as same-origin; its requests still carry that host name, which is what this refuses (the
 *   same defence as Vite's and webpack-dev-server's allowed-hosts checks).</li>
 *   <li>{@link #originAllowed}: the cross-origin guard of the handshake, the management API and the dev-token
 *   endpoint. A page on another origin needs no DNS trick to open a WebSocket to 127.0.0.1 (WebSockets are not bound
 *   by the same-origin policy) or to send a {@code no-cors} POST to it; a browser always names the page's origin in
 *   {@code Origin} on both (RFC 6455 section 4.1 item 8; Fetch standard, "append a request Origin header": every
 *   request whose method is neither GET nor HEAD, and every cors-mode request). Requests without {@code Origin} come
 *   from non-browser clients (wscat, the SDKs, the probe), which a page cannot drive, and are allowed.</li>
 * </ul>
 */
final class LoopbackHosts {
    private LoopbackHosts() {
    }

    /**
     * Whether {@code request} has no {@code Origin}, or the local API's own: {@code http://} and a loopback name with
     * {@code port} (no port only when it is 80). {@code Origin: null} (sandboxed frames, {@code file:} pages) is
     * refused.
     */
    static boolean originAllowed(Request request, int port) {
        java.util.List<String> origins = request.getHeaders().getValuesList(HttpHeader.ORIGIN);
        if (origins.isEmpty()) {
            return true;
        }
        if (origins.size() > 1) {
            return false;
        }
        String o = origins.get(0).trim().toLowerCase(Locale.ROOT);
        return o.startsWith("http://") && loopbackWithPort(o.substring("http://".length()), port);
    }

    /** Whether {@code request}'s Host is a loopback name with {@code port} (no port only when it is 80). */
    static boolean allowed(Request request, int port) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            return false;
        }
        return loopbackWithPort(host.trim().toLowerCase(Locale.ROOT), port);
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
