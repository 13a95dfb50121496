package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.devkit.DevTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A test's WebSocket connection (the JDK's client): the frames it received in order, and how it closed. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    record Closed(int code, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket ws;

    /** Connects to 127.0.0.1:{@code port}/dev as {@code user} (a dev token in the query), joining {@code room}. */
    static WsClient connect(int port, String user, String room) {
        WsClient c = new WsClient();
        String url = "ws://127.0.0.1:" + port + "/dev?token=" + DevTokens.mint(user) + (room == null ? "" : "&room="
                + room);
        c.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), c).orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

    void send(String json) {
        ws.sendText(json, true).join();
    }

    /** The next frame of {@code type} (others are skipped), within 5 s. */
    JsonNode expect(String type) {
        List<JsonNode> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                JsonNode f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f != null && type.equals(f.path("type").asText())) {
                    return f;
                }
                if (f != null) {
                    skipped.add(f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no '" + type + "' frame within 5 s; received " + skipped);
    }

    /** Asserts nothing arrives within {@code d}. */
    void expectSilence(Duration d) throws InterruptedException {
        assertThat(frames.poll(d.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    Closed awaitClose(Duration d) {
        return closed.orTimeout(d.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(1006, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        ws.abort();
    }
}
