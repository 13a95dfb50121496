package dev.switchboard.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A real WebSocket client over loopback (java.net.http) that queues the text frames it receives. */
final class WsClient implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Duration WAIT = Duration.ofSeconds(20);

    /** How a connection closed: the code and reason the server sent. */
    record Closed(int code, String reason) {
    }

    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket ws;

    private WsClient() {
    }

    static WsClient connect(URI uri) {
        return connectAsync(uri).join();
    }

    static CompletableFuture<WsClient> connectAsync(URI uri) {
        WsClient c = new WsClient();
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, c.listener())
                .thenApply(w -> {
                    c.ws = w;
                    return c;
                });
    }

    /** The HTTP status that refused the handshake, or 101 if it opened (the connection is closed again). */
    static int handshakeStatus(URI uri) {
        try {
            connect(uri).close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closed.complete(new Closed(1006, String.valueOf(error)));
            }
        };
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    void sendPartial(String text, boolean last) {
        ws.sendText(text, last).join();
    }

    void sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next frame, waiting at most {@link #WAIT}. */
    String next() {
        try {
            String f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + WAIT.toSeconds() + " s");
            }
            return f;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The first frame containing {@code fragment}, skipping (and returning to nobody) the others before it. */
    String awaitFrame(String fragment) {
        return await(f -> f.contains(fragment), "a frame containing " + fragment);
    }

    String await(Predicate<String> p, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                String f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    break;
                }
                if (p.test(f)) {
                    return f;
                }
                seen.add(f);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; saw " + seen);
    }

    /** Sends {@code text} and returns the next frame. */
    String ask(String text) {
        send(text);
        return next();
    }

    Closed awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("the connection did not close within " + WAIT.toSeconds() + " s", e);
        }
    }

    /** Whether no frame arrives within {@code d} (for asserting silence after a reply that proves ordering). */
    boolean quietFor(Duration d) {
        try {
            String f = frames.poll(d.toMillis(), TimeUnit.MILLISECONDS);
            if (f != null) {
                frames.add(f);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Every frame that arrives until none has come for {@code quiet}. */
    List<String> drain(Duration quiet) {
        List<String> out = new ArrayList<>();
        try {
            String f;
            while ((f = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                out.add(f);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    boolean isOpen() {
        return !ws.isOutputClosed() && !closed.isDone();
    }

    /** Sends a 1000 close without waiting for the answer. */
    void sendCloseOnly() {
        ws.sendClose(1000, "bye");
    }

    /** Closes with 1000 and waits for the server's close. */
    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(1000, "bye");
        }
        if (ws != null) {
            try {
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
    }
}
