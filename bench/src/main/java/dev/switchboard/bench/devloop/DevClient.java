package dev.switchboard.bench.devloop;

import dev.switchboard.devkit.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client (the JDK's) of one user with a dev token, joined to a room at the handshake. */
public final class DevClient implements WebSocket.Listener {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private DevClient() {
    }

    /** Connects {@code user} to {@code websocket} ({@code ws://host:port/stage}), in {@code room}. */
    public static DevClient connect(String websocket, String user, String room) {
        DevClient c = new DevClient();
        c.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(websocket + "?room=" + room + "&token=" + DevTokens.mint(user)), c).join();
        return c;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame that is not a presence event (joins and leaves, docs/protocol.md); fails after 30 s. */
    public String next() throws InterruptedException {
        while (true) {
            String f = frames.poll(30, TimeUnit.SECONDS);
            if (f == null) {
                throw new IllegalStateException("no frame within 30 s");
            }
            if (!f.startsWith("{\"type\":\"presence\"")) {
                return f;
            }
        }
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

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
}
