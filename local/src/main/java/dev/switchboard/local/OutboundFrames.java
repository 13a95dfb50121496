package dev.switchboard.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Writes one outbound text message as API Gateway does: "a message larger than 32 KB must be split into multiple
 * frames, each 32 KB or smaller. This applies to @connections commands"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
 * Frames break between characters, never inside one, so each frame's payload is whole UTF-8.
 */
final class OutboundFrames {
    private OutboundFrames() {
    }

    /** {@code message} cut into pieces whose UTF-8 encodings are at most {@code maxBytes} each (at least one piece). */
    static List<String> split(String message, int maxBytes) {
        List<String> parts = new ArrayList<>();
        if (message.length() * 3L <= maxBytes) {
            parts.add(message);
            return parts;
        }
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            int n = Character.charCount(cp);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                parts.add(message.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += n;
        }
        parts.add(message.substring(start));
        return parts;
    }

    /**
     * Writes {@code message} on {@code session} in frames of at most {@link LocalGateway#FRAME_MAX} bytes; {@code done}
     * completes once every frame is written and exceptionally with the first write failure. The caller holds the
     * connection's write lock, so the frames of two messages never interleave.
     */
    static void write(Session session, String message, CompletableFuture<Void> done) {
        List<String> parts = message.getBytes(StandardCharsets.UTF_8).length <= LocalGateway.FRAME_MAX
                ? List.of(message) : split(message, LocalGateway.FRAME_MAX);
        if (parts.size() == 1) {
            session.sendText(message, Callback.from(() -> done.complete(null), done::completeExceptionally));
            return;
        }
        AtomicInteger remaining = new AtomicInteger(parts.size());
        Callback each = Callback.from(() -> {
            if (remaining.decrementAndGet() == 0) {
                done.complete(null);
            }
        }, done::completeExceptionally);
        for (int i = 0; i < parts.size(); i++) {
            session.sendPartialText(parts.get(i), i == parts.size() - 1, each);
        }
    }
}
