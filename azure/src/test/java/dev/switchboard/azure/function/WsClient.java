package dev.switchboard.azure.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain WebSocket client (the JDK's), as a browser is one: text frames in arrival order, then the close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    static WsClient connect(String url, String... subprotocols) throws Exception {
        WsClient c = new WsClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            String[] rest = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, rest, 0, rest.length);
            b.subprotocols(subprotocols[0], rest);
        }
        c.ws = b.buildAsync(URI.create(url), c).get(10, TimeUnit.SECONDS);
        return c;
    }

    /** The HTTP status of a refused handshake. */
    static int refusal(String url, String... subprotocols) throws Exception {
        try (WsClient c = connect(url, subprotocols)) {
            throw new AssertionError("the handshake was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    String subprotocol() {
        return ws.getSubprotocol();
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    /** The next frame, parsed; fails after 10 s. */
    JsonNode next() throws InterruptedException {
        String s = received.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("nothing received within 10 s");
        }
        return Json.parseOrNull(s);
    }

    /** The next frame of {@code type}, skipping others (presence, for one); fails after 10 s. */
    JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String s = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            JsonNode n = s == null ? null : Json.parseOrNull(s);
            if (n != null && type.equals(n.path("type").asText())) {
                return n;
            }
        }
        throw new AssertionError("no '" + type + "' frame within 10 s");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add("{\"type\":\"close\",\"code\":" + statusCode + "}");
        return null;
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
        }
    }
}
