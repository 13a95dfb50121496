package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-region promise (docs/multi-region.md): a member connected to region B receives a send made in region A
 * within {@code --cross-region-bound} (default 5 s: global tables replicate in about a second or less,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html). The send is
 * repeated every half second until A's replica lists B's member, and the bound is measured from the send that was
 * delivered.
 */
final class CrossRegionCases {
    private CrossRegionCases() {
    }

    static List<Case> pairs(List<Target> targets) {
        if (targets.size() < 2) {
            return List.of(new Case("crossRegion_sendInA_reachesMemberInB", ctx -> {
                throw new Skipped("needs two --url REGION=URL (one region given)");
            }));
        }
        List<Case> out = new ArrayList<>();
        for (Target a : targets) {
            for (Target b : targets) {
                if (a != b) {
                    out.add(new Case("crossRegion_sendInA_reachesMemberInB[" + a.region() + "->" + b.region() + "]",
                            ctx -> run(ctx, a, b)));
                }
            }
        }
        return out;
    }

    private static void run(ProbeContext ctx, Target a, Target b) {
        String room = ctx.room(a.region() + "-" + b.region());
        Tokens.User receiverUser = ctx.tokens().users().size() > 1 ? ctx.b() : ctx.a();
        Client receiver = ctx.connect(b, receiverUser, null, false);
        ActionCases.join(receiver, room);
        Client sender = ctx.connect(a, ctx.a(), null, false);
        ActionCases.join(sender, room);
        long bound = ctx.options().crossRegionBound().toNanos();
        long start = System.nanoTime();
        while (System.nanoTime() - start < bound) {
            String cid = ctx.unique();
            long sent = System.nanoTime();
            sender.send(Frames.sendAcked(room, cid, Frames.text("across regions")));
            JsonNode ack = sender.expectType("ack");
            if (ack.path("delivered").asInt() >= 1) {
                receiver.expect("the send from " + a.region(), n -> cid.equals(n.path("cid").asText()));
                long took = (System.nanoTime() - sent) / 1_000_000;
                check(took * 1_000_000 <= bound, "the message took " + took + " ms, over the bound");
                return;
            }
            sleep(500);
        }
        throw new ProbeFailure(a.region() + " never delivered to the member in " + b.region() + " within "
                + ctx.options().crossRegionBound().toSeconds() + " s (is the table replicated there?)");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
