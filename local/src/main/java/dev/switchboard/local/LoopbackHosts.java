package dev.switchboard.local;

import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The DNS-rebinding guard of the dev-token endpoint and the management API: they answer only requests whose
 * {@code Host} names this machine's loopback, {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with the
 * gateway's port. A web page the developer visits can make its own host name resolve to 127.0.0.1 and then talk to
 * the local API as same-origin; its requests still carry that host name, which is what this refuses (the same defence
 * as Vite's and webpack-dev-server's allowed-hosts checks).
 */
final class LoopbackHosts {
    private LoopbackHosts() {
    }

    /** Whether {@code request}'s Host is a loopback name with {@code port} (no port only when it is 80). */
    static boolean allowed(Request request, int port) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
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
