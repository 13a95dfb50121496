package dev.switchboard.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One probe WebSocket connection (Jetty's client): the text frames it received, in order, and how it closed. Frames
 * are read with {@link #expect}, which skips frames that do not match (presence from other cases' users never
 * arrives: every case has its own room) and reports the skipped ones when nothing matches.
 */
public final class Client implements Session.Listener.AutoDemanding, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the connection closed: the code and reason of the close frame (1006 when it broke without one). */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final Duration wait;
    private final String user;
    private final Pacer pacer;
    private volatile Session session;

    Client(String user, Duration wait, Pacer pacer) {
        this.user = user;
        this.wait = wait;
        this.pacer = pacer;
    }

    /** The probe user this connection belongs to. */
    public String user() {
        return user;
    }

    /** The subprotocol the server answered in Sec-WebSocket-Protocol, or null. */
    public String acceptedSubProtocol() {
        return session.getUpgradeResponse().getAcceptedSubProtocol();
    }

    /** Every value of {@code name} on the handshake's answer (empty when absent). */
    public java.util.List<String> upgradeHeader(String name) {
        java.util.List<String> v = session.getUpgradeResponse().getHeaders(name);
        return v == null ? java.util.List.of() : v;
    }

    /** Whether the server accepted the permessage-deflate offer. */
    public boolean deflateNegotiated() {
        return session.getUpgradeResponse().getExtensions().stream()
                .anyMatch(e -> e.getName().equals("permessage-deflate"));
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
    }

    @Override
    public void onWebSocketText(String text) {
        frames.add(text);
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        closed.complete(new Closed(code, reason == null ? "" : reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(new Closed(1006, String.valueOf(cause.getMessage())));
    }

    void attach(Session s) {
        this.session = s;
    }

    /** Sends one text frame and waits until it is written. */
    public void send(String text) {
        Callback.Completable done = new Callback.Completable();
        pacer.frame(user);
        session.sendText(text, done);
        finish(done);
    }

    /** Sends without keeping below the user's message rate: for the cases that test the rate limit. */
    public void sendOverRate(String text) {
        Callback.Completable done = new Callback.Completable();
        pacer.frameOverRate(user);
        session.sendText(text, done);
        finish(done);
    }

    /** Sends one frame of a fragmented text message. */
    public void sendPartial(String text, boolean last) {
        Callback.Completable done = new Callback.Completable();
        pacer.frame(user);
        session.sendPartialText(text, last, done);
        finish(done);
    }

    public void sendBinary(byte[] data) {
        Callback.Completable done = new Callback.Completable();
        pacer.frame(user);
        session.sendBinary(ByteBuffer.wrap(data), done);
        finish(done);
    }

    /** Waits for a write; a write the server cut off by closing is not an error (the close is what cases check). */
    private void finish(Callback.Completable done) {
        try {
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (closed.isDone() || session == null || !session.isOpen()) {
                return;
            }
            throw new ProbeFailure("could not send a frame: " + e);
        }
    }

    /** The next text frame within the wait, or null. */
    public String poll(Duration d) {
        try {
            return frames.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailure("interrupted");
        }
    }

    /** The first frame (a JSON object) that matches, within the wait; fails naming {@code what} otherwise. */
    public JsonNode expect(String what, Predicate<JsonNode> matches) {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String f = left <= 0 ? null : poll(Duration.ofNanos(left));
            if (f == null) {
                throw new ProbeFailure("no " + what + " within " + wait.toSeconds() + " s"
                        + (skipped.isEmpty() ? "" : "; got instead: " + Frames.abbreviate(String.join(" ", skipped)))
                        + (closed.isDone() ? "; the connection closed " + closed.join() : ""));
            }
            JsonNode n = parse(f);
            if (n != null && matches.test(n)) {
                return n;
            }
            skipped.add(f);
        }
    }

    /** The next frame, which must be a JSON object of {@code type}. */
    public JsonNode expectType(String type) {
        return expect("'" + type + "' frame", n -> type.equals(n.path("type").asText()));
    }

    /** The error frame that must come next-ish: fails if it carries another code. */
    public JsonNode expectError(String code) {
        JsonNode e = expect("error frame", n -> "error".equals(n.path("type").asText())
                || n.has("message") && !n.has("type"));
        Frames.check(code.equals(e.path("code").asText()), "expected error " + code + ", got " + Frames.abbreviate(e.toString()));
        return e;
    }

    /** Fails if any frame arrives within {@code d}. */
    public void expectSilence(Duration d, String why) {
        String f = poll(d);
        if (f != null) {
            throw new ProbeFailure(why + ", but got " + Frames.abbreviate(f));
        }
    }

    /** Waits for the close frame. */
    public Closed awaitClose() {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ProbeFailure("the connection did not close within " + wait.toSeconds() + " s");
        } catch (Exception e) {
            throw new ProbeFailure("waiting for the close failed: " + e);
        }
    }

    public boolean isOpen() {
        return session != null && session.isOpen() && !closed.isDone();
    }

    static JsonNode parse(String f) {
        try {
            JsonNode n = JSON.readTree(f);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "probe done", Callback.NOOP);
            try {
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                s.disconnect();
            }
        }
    }
}
