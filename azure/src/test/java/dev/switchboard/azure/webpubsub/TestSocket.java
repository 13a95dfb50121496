package dev.switchboard.azure.webpubsub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for the tests (the JDK's own): collects text frames, binary frames (as "binary:" + length) and
 * the close ("close:" + code + " " + reason) in arrival order.
 */
final class TestSocket implements WebSocket.Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    WebSocket ws;

    /** Connects; the future fails with the handshake's status when it is refused. */
    static TestSocket connect(String url, String... subprotocols) throws Exception {
        TestSocket s = new TestSocket();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            String[] rest = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, rest, 0, rest.length);
            b.subprotocols(subprotocols[0], rest);
        }
        s.ws = b.buildAsync(URI.create(url), s).get(10, TimeUnit.SECONDS);
        return s;
    }

    /** The status of a refused handshake (fails if it was accepted). */
    static int refusal(String url, String... subprotocols) throws Exception {
        try {
            TestSocket s = connect(url, subprotocols);
            s.ws.abort();
            throw new AssertionError("the handshake to " + url + " was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    String next() throws InterruptedException {
        String s = received.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("nothing received within 10 s");
        }
        return s;
    }

    JsonNode nextJson() throws InterruptedException, IOException {
        return Jwt.JSON.readTree(next());
    }

    /** Nothing arrives within {@code ms}: returns what did arrive, or null. */
    String quiet(long ms) throws InterruptedException {
        return received.poll(ms, TimeUnit.MILLISECONDS);
    }

    void send(String message) {
        ws.sendText(message, true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        received.add("binary:" + data.remaining());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add("close:" + statusCode + " " + reason);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        received.add("error:" + error);
    }
}
