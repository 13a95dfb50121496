package dev.switchboard.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opening one WebSocket with one token transport: {@code HEADER} offers {@code switchboard.v2} and
 * {@code bearer.<JWT>} and requires the server to select {@code switchboard.v2}; {@code QUERY} puts
 * {@code ?token=<JWT>} on the URL.
 */
final class Handshake {
    static final String SUBPROTOCOL = "switchboard.v2";
    static final String BEARER_PREFIX = "bearer.";

    /** Why a handshake failed; {@code status} is the HTTP status when the server answered one. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final Integer status;
        final boolean subprotocolRefused;

        Failure(String message, Integer status, boolean subprotocolRefused) {
            super(message);
            this.status = status;
            this.subprotocolRefused = subprotocolRefused;
        }
    }

    private Handshake() {
    }

    static URI withToken(URI url, String token) {
        String q = url.getRawQuery();
        String t = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        String base = url.toString().replaceFirst("\\?.*$", "");
        return URI.create(base + "?" + (q == null || q.isEmpty() ? t : q + "&" + t));
    }

    static CompletableFuture<WebSocket> open(HttpClient http, URI url, String token, Transport transport,
                                             Duration timeout, WebSocket.Listener listener) {
        WebSocket.Builder b = http.newWebSocketBuilder();
        if (timeout.toMillis() > 0) {
            b.connectTimeout(timeout);
        }
        CompletableFuture<WebSocket> ws;
        if (transport == Transport.HEADER) {
            ws = b.subprotocols(SUBPROTOCOL, BEARER_PREFIX + token).buildAsync(url, listener);
        } else {
            ws = b.buildAsync(withToken(url, token), listener);
        }
        return ws.handle((socket, e) -> {
            if (e != null) {
                throw new CompletionException(failure(e));
            }
            if (transport == Transport.HEADER && !SUBPROTOCOL.equals(socket.getSubprotocol())) {
                socket.abort();
                throw new CompletionException(new Failure("the server did not select " + SUBPROTOCOL, null, true));
            }
            return socket;
        });
    }

    private static Failure failure(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            return new Failure("the server answered " + status, status, false);
        }
        String m = String.valueOf(c.getMessage());
        return new Failure("the handshake failed: " + m, null, m.toLowerCase().contains("subprotocol"));
    }
}
