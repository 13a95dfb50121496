package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The data limit (TOO_LARGE above {@code maxDataBytes}) and API Gateway's own: frames over 32 KB and messages over
 * 128 KB close the connection with 1009, binary frames with 1003
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html#apigateway-execution-service-websocket-limits-table,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html),
 * each with permessage-deflate offered and not offered. With deflate negotiated, 32 KB bounds the wire frame and
 * 128 KB the inflated message; a server that declines the offer is checked as without it.
 */
final class LimitCases {
    static final int FRAME_MAX = 32 * 1024;
    static final int MESSAGE_MAX = 128 * 1024;

    private LimitCases() {
    }

    static List<Case> all() {
        List<Case> all = new ArrayList<>();
        all.add(new Case("send_largestData_isAccepted", ctx -> {
            JsonNode ack = sendData(ctx, ctx.options().maxDataBytes());
            check("ack".equals(ack.path("type").asText()), "data of exactly " + ctx.options().maxDataBytes()
                    + " bytes must be accepted, got " + Frames.abbreviate(ack.toString()));
        }));
        all.add(new Case("send_dataOneByteOver_isTooLarge", ctx -> {
            JsonNode e = sendData(ctx, ctx.options().maxDataBytes() + 1);
            check("TOO_LARGE".equals(e.path("code").asText()), "data of " + (ctx.options().maxDataBytes() + 1)
                    + " bytes must answer TOO_LARGE, got " + Frames.abbreviate(e.toString()));
        }));
        for (boolean deflate : new boolean[] {false, true}) {
            String how = deflate ? "_deflateOffered" : "_deflateNotOffered";
            all.add(new Case("frame_largest_reachesTheRoute" + how, ctx -> {
                Client c = ctx.connect(ctx.target(), ctx.a(), null, deflate);
                c.send(pingOf(FRAME_MAX));
                c.expectType("pong");
            }));
            all.add(new Case("frame_oneByteOver_closes1009" + how, ctx -> {
                Client c = ctx.connect(ctx.target(), ctx.a(), null, deflate);
                if (c.deflateNegotiated()) {
                    throw new Skipped("permessage-deflate was negotiated: the 32 KB limit applies to the compressed"
                            + " wire frame, which a compressing client cannot size to the byte (the 128 KB message"
                            + " cases check the inflated limit)");
                }
                c.send(pingOf(FRAME_MAX + 1));
                expectClose(c, 1009);
            }));
            all.add(new Case("message_largest_inFrames_reachesTheRoute" + how, ctx -> {
                Client c = ctx.connect(ctx.target(), ctx.a(), null, deflate);
                sendFragmented(c, pingOf(MESSAGE_MAX));
                c.expectType("pong");
            }));
            all.add(new Case("message_oneByteOver_closes1009" + how, ctx -> {
                Client c = ctx.connect(ctx.target(), ctx.a(), null, deflate);
                sendFragmented(c, pingOf(MESSAGE_MAX + 1));
                expectClose(c, 1009);
            }));
        }
        all.add(new Case("binaryFrame_closes1003", ctx -> {
            Client c = ctx.connect(ctx.a());
            c.sendBinary(new byte[] {1, 2, 3});
            expectClose(c, 1003);
        }));
        return all;
    }

    /** A send whose {@code data}, as JSON, is exactly {@code bytes} long; the reply. */
    private static JsonNode sendData(ProbeContext ctx, int bytes) {
        String room = ctx.room("");
        Client c = ctx.connect(ctx.a());
        ActionCases.join(c, room);
        c.send(Frames.sendAcked(room, ctx.unique(), Frames.text("d".repeat(bytes - 2))));
        return c.expect("ack or error", n -> n.has("type"));
    }

    /** A ping frame of exactly {@code bytes} bytes (the padding is ignored by the route). */
    static String pingOf(int bytes) {
        String head = "{\"action\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        return head + "p".repeat(bytes - head.length() - tail.length()) + tail;
    }

    /** Sends {@code text} as frames of at most 32 KB. */
    static void sendFragmented(Client c, String text) {
        for (int i = 0; i < text.length(); i += FRAME_MAX) {
            int end = Math.min(text.length(), i + FRAME_MAX);
            c.sendPartial(text.substring(i, end), end == text.length());
        }
    }

    static void expectClose(Client c, int code) {
        Client.Closed closed = c.awaitClose();
        check(closed.code() == code, "expected close " + code + ", got " + closed.code() + " " + closed.reason());
    }
}
