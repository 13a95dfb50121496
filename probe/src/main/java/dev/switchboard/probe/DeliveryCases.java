package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Fan-out to every member, and what a close leaves behind. */
final class DeliveryCases {
    private DeliveryCases() {
    }

    static List<Case> all() {
        return List.of(
                new Case("broadcast_reachesEveryMember", ctx -> {
                    String room = ctx.room("");
                    int n = ctx.options().members();
                    List<Tokens.User> users = ctx.tokens().users();
                    List<Client> members = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        Client c = ctx.connect(users.get(i % users.size()));
                        ActionCases.join(c, room);
                        members.add(c);
                    }
                    String cid = ctx.unique();
                    Client sender = members.get(0);
                    sender.send(Frames.sendAcked(room, cid, Frames.text("to all")));
                    JsonNode ack = sender.expect("ack", x -> "ack".equals(x.path("type").asText())
                            || "error".equals(x.path("type").asText()));
                    Frames.checkType(ack, "ack");
                    List<Integer> missing = new ArrayList<>();
                    for (int i = 1; i < n; i++) {
                        try {
                            members.get(i).expect("the broadcast", x -> "message".equals(x.path("type").asText())
                                    && cid.equals(x.path("cid").asText()));
                        } catch (ProbeFailure f) {
                            missing.add(i);
                        }
                    }
                    check(missing.isEmpty(), (n - 1 - missing.size()) + " of " + (n - 1) + " members got the broadcast"
                            + " (missing: connections " + missing + "); the ack said delivered "
                            + ack.path("delivered").asInt());
                    check(ack.path("delivered").asInt(-1) == n - 1, "every member got it, but the ack says delivered "
                            + ack.path("delivered") + " of " + (n - 1));
                }),
                new Case("close_removesTheConnectionFromItsRooms", ctx -> {
                    String room = ctx.room("");
                    Tokens.User b = ctx.b();
                    Client watcher = ctx.connect(ctx.a());
                    ActionCases.join(watcher, room);
                    Client leaver = ctx.connect(b);
                    ActionCases.join(leaver, room);
                    ActionCases.expectPresence(watcher, room, b.id(), "join");
                    leaver.close();
                    ActionCases.expectPresence(watcher, room, b.id(), "leave");
                    watcher.send(Frames.join(room));
                    JsonNode j = watcher.expectType("joined");
                    check(ActionCases.members(j).equals(List.of(ctx.a().id())) && j.path("count").asInt(-1) == 1,
                            "after " + b + " closed, the room must list only " + ctx.a() + ", got " + j);
                }));
    }
}
