package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Every error code a client can cause (docs/protocol.md, Errors); after each, the connection stays usable. */
final class ErrorCases {
    private ErrorCases() {
    }

    static List<Case> all() {
        return List.of(
                new Case("malformedFrame_answersBadJson_andTheConnectionStaysUsable", ctx -> {
                    Client c = ctx.connect(ctx.a());
                    for (String bad : List.of("hello?", "[1,2]", "{\"action\":")) {
                        c.send(bad);
                        c.expectError("BAD_JSON");
                    }
                    c.send(Frames.ping());
                    c.expectType("pong");
                }),
                new Case("unknownAction_answersUnknownAction", ctx -> {
                    Client c = ctx.connect(ctx.a());
                    for (String f : List.of("{\"hello\":\"world\"}", "{\"action\":\"no-such-action-" + ctx.unique() + "\"}",
                            "{\"action\":5}")) {
                        c.send(f);
                        c.expectError("UNKNOWN_ACTION");
                    }
                    c.send(Frames.ping());
                    c.expectType("pong");
                }),
                new Case("missingOrBadField_answersMissingField", ctx -> {
                    String room = ctx.room("");
                    Client c = ctx.connect(ctx.a());
                    c.send(Frames.join(room));
                    c.expectType("joined");
                    List<String> frames = List.of(
                            "{\"action\":\"join\"}",
                            Frames.join("no spaces allowed"),
                            "{\"action\":\"send\",\"room\":\"" + room + "\"}",
                            "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":1,\"ack\":\"yes\"}",
                            "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":1,\"cid\":\"\"}",
                            "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":1,\"cid\":\"" + "c".repeat(65) + "\"}");
                    for (String f : frames) {
                        c.send(f);
                        JsonNode e = c.expect("error frame", n -> n.has("type"));
                        check("MISSING_FIELD".equals(e.path("code").asText()), "expected MISSING_FIELD for " + f + ", got " + e);
                    }
                }),
                new Case("notAMember_answersNotAMember", ctx -> {
                    Client c = ctx.connect(ctx.a());
                    c.send(Frames.sendAcked(ctx.room("never-joined"), ctx.unique(), Frames.text("x")));
                    c.expectError("NOT_A_MEMBER");
                    c.send(Frames.leave(ctx.room("never-joined")));
                    c.expectError("NOT_A_MEMBER");
                }),
                new Case("rateLimit_dropsFramesOverTheBurst", ctx -> {
                    int burst = ctx.options().messageBurst();
                    int extra = 5;
                    String room = ctx.room("");
                    Client c = ctx.connect(ctx.a());
                    refill(ctx); // the rate is the user's: the cases before used the same user's bucket
                    long start = System.nanoTime();
                    for (int i = 0; i < burst + extra; i++) {
                        c.sendOverRate(Frames.join(room));
                    }
                    double sentIn = (System.nanoTime() - start) / 1e9;
                    int joined = 0;
                    int limited = 0;
                    for (int i = 0; i < burst + extra; i++) {
                        JsonNode n = c.expect("reply " + (i + 1) + " of " + (burst + extra), x -> x.has("type"));
                        if ("joined".equals(n.path("type").asText())) {
                            joined++;
                        } else if ("RATE_LIMITED".equals(n.path("code").asText())) {
                            limited++;
                        } else {
                            throw new ProbeFailure("expected joined or RATE_LIMITED, got " + n);
                        }
                    }
                    // GCRA (docs/protocol.md): at most b + floor(r * t) in any t seconds; 50 ms for arrival jitter
                    int allowance = burst + (int) Math.floor((sentIn + 0.05) * ctx.options().messageRate());
                    check(joined >= burst, "only " + joined + " of the first " + burst + " frames were accepted"
                            + " (burst " + burst + ")");
                    check(limited >= 1 && joined <= allowance, joined + " of " + (burst + extra) + " frames sent in "
                            + String.format(java.util.Locale.ROOT, "%.2f", sentIn) + " s were accepted; at most " + allowance
                            + " may be (burst " + burst + ", " + ctx.options().messageRate() + "/s)");
                    c.send(Frames.ping()); // ping is not counted: the connection is still usable
                    c.expectType("pong");
                    refill(ctx); // leave the user a full bucket for the cases after
                }),
                new Case("rateLimit_isTheUsers_notMultipliedByConnections", ctx -> {
                    int burst = ctx.options().messageBurst();
                    String room = ctx.room("");
                    List<Client> cs = List.of(ctx.connect(ctx.a()), ctx.connect(ctx.a()), ctx.connect(ctx.a()));
                    refill(ctx);
                    long start = System.nanoTime();
                    for (Client c : cs) {
                        for (int i = 0; i < burst; i++) {
                            c.sendOverRate(Frames.join(room));
                        }
                    }
                    int joined = 0;
                    for (Client c : cs) {
                        for (int i = 0; i < burst; i++) {
                            JsonNode n = c.expect("reply " + (i + 1) + " of " + burst, x -> x.has("type"));
                            joined += "joined".equals(n.path("type").asText()) ? 1 : 0;
                        }
                    }
                    // every counted frame was counted between the first send and the last reply: at most b + r * t
                    double within = (System.nanoTime() - start) / 1e9;
                    int allowance = burst + (int) Math.floor((within + 0.05) * ctx.options().messageRate());
                    check(joined <= allowance, joined + " of " + (3 * burst) + " frames of one user's three connections"
                            + " were accepted; the user's rate allows " + allowance + " (issue 27: the rate was per"
                            + " connection)");
                    refill(ctx);
                }));
    }

    /** Waits until a user's bucket is full again: burst / rate seconds (docs/protocol.md, Rate limit). */
    private static void refill(ProbeContext ctx) {
        try {
            Thread.sleep((long) Math.ceil(1000.0 * ctx.options().messageBurst() / ctx.options().messageRate()) + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailure("interrupted while waiting for the rate to refill");
        }
    }
}
