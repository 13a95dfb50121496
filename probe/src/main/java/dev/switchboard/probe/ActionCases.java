package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every action of docs/protocol.md v2 and what the sender and the others get. */
final class ActionCases {
    /** How long the probe waits to be sure a frame does not come. */
    static final Duration QUIET = Duration.ofMillis(400);

    private ActionCases() {
    }

    static List<Case> all() {
        return List.of(
                new Case("ping_answersPong", ctx -> {
                    Client c = ctx.connect(ctx.a());
                    c.send(Frames.ping());
                    Frames.checkType(c.expect("pong", n -> n.has("type")), "pong");
                }),
                new Case("join_answersJoined_withCountAndMembers", ctx -> {
                    String room = ctx.room("");
                    Client c = ctx.connect(ctx.a());
                    for (int i = 0; i < 2; i++) { // joining twice is harmless
                        c.send(Frames.join(room));
                        JsonNode j = c.expect("joined", n -> n.has("type"));
                        Frames.checkType(j, "joined");
                        check(room.equals(j.path("room").asText()), "joined names another room: " + j);
                        check(j.path("count").asInt(-1) == 1, "expected count 1 (one user), got " + j);
                        check(members(j).equals(List.of(ctx.a().id())), "expected members [" + ctx.a() + "], got " + j);
                        check(!j.has("next"), "a one-user room has no next page: " + j);
                    }
                }),
                new Case("leave_answersLeft_andEndsMembership", ctx -> {
                    String room = ctx.room("");
                    Client c = ctx.connect(ctx.a());
                    c.send(Frames.join(room));
                    c.expectType("joined");
                    c.send(Frames.leave(room));
                    JsonNode left = c.expect("left", n -> n.has("type"));
                    Frames.checkType(left, "left");
                    check(room.equals(left.path("room").asText()), "left names another room: " + left);
                    c.send(Frames.sendAcked(room, ctx.unique(), Frames.text("after leaving")));
                    c.expectError("NOT_A_MEMBER");
                }),
                new Case("members_listsTheRoom_toMembersOnly", ctx -> {
                    String room = ctx.room("");
                    Client c = ctx.connect(ctx.a());
                    c.send(Frames.action("members").put("room", room).toString());
                    c.expectError("NOT_A_MEMBER");
                    c.send(Frames.join(room));
                    c.expectType("joined");
                    c.send(Frames.action("members").put("room", room).toString());
                    JsonNode m = c.expect("members", n -> n.has("type"));
                    Frames.checkType(m, "members");
                    check(room.equals(m.path("room").asText()), "members names another room: " + m);
                    check(members(m).equals(List.of(ctx.a().id())), "expected members [" + ctx.a() + "], got " + m);
                    check(!m.has("next"), "a one-user room has no next page: " + m);
                    c.send(Frames.action("members").put("room", room).put("cursor", "not a cursor!").toString());
                    c.expectError("MISSING_FIELD");
                }),
                new Case("send_withAck_isAcked_andReachesTheRoomsOtherConnections", ctx -> {
                    String room = ctx.room("");
                    Client sender = ctx.connect(ctx.a());
                    Client other = ctx.connect(ctx.a());
                    join(sender, room);
                    join(other, room);
                    String cid = ctx.unique();
                    sender.send(Frames.sendAcked(room, cid, Frames.JSON.createObjectNode().put("n", 1)));
                    JsonNode ack = sender.expect("ack", n -> n.has("type"));
                    Frames.checkType(ack, "ack");
                    check(cid.equals(ack.path("cid").asText()), "the ack does not echo the cid: " + ack);
                    check(ack.path("delivered").asInt(-1) == 1, "expected delivered 1, got " + ack);
                    check(!ack.path("id").asText("").isEmpty(), "the ack has no id: " + ack);
                    JsonNode msg = other.expectType("message");
                    check(room.equals(msg.path("room").asText()) && ctx.a().id().equals(msg.path("from").asText())
                            && ack.path("id").asText().equals(msg.path("id").asText()) && cid.equals(msg.path("cid").asText())
                            && msg.path("ts").isNumber() && msg.path("data").path("n").asInt() == 1,
                            "the message does not match the ack (room, from, id, cid, ts, data): " + msg);
                    sender.expectSilence(QUIET, "the sender must not get its own message");
                }),
                new Case("send_withoutAck_isDelivered_withoutReply", ctx -> {
                    String room = ctx.room("");
                    Client sender = ctx.connect(ctx.a());
                    Client other = ctx.connect(ctx.a());
                    join(sender, room);
                    join(other, room);
                    sender.send(Frames.send(room, Frames.text("no ack")));
                    other.expect("message", n -> "message".equals(n.path("type").asText())
                            && "no ack".equals(n.path("data").asText()));
                    sender.send(Frames.ping());
                    String next = sender.poll(ctx.options().timeout());
                    check(next != null && "pong".equals(Client.parse(next).path("type").asText()),
                            "a send without ack must get no reply; the next frame was " + next);
                }),
                new Case("whisper_reachesEveryConnectionOfTheUser", ctx -> {
                    Tokens.User to = ctx.b();
                    Client from = ctx.connect(ctx.a());
                    List<Client> tabs = List.of(ctx.connect(to), ctx.connect(to));
                    String cid = ctx.unique();
                    from.send(Frames.whisperAcked(to.id(), cid, Frames.text("psst")));
                    JsonNode ack = from.expect("ack", n -> n.has("type"));
                    Frames.checkType(ack, "ack");
                    check(ack.path("delivered").asInt(-1) == 2 && cid.equals(ack.path("cid").asText()),
                            "expected delivered 2 (both connections of " + to + ") and the cid, got " + ack);
                    for (Client t : tabs) {
                        JsonNode w = t.expectType("whisper");
                        check(ctx.a().id().equals(w.path("from").asText()) && "psst".equals(w.path("data").asText())
                                && ack.path("id").asText().equals(w.path("id").asText()) && cid.equals(w.path("cid").asText()),
                                "the whisper does not match (from, data, id, cid): " + w);
                    }
                    from.send(Frames.whisperAcked("switchboard-probe-nobody-" + ctx.unique(), ctx.unique(), Frames.text("?")));
                    JsonNode none = from.expectType("ack");
                    check(none.path("delivered").asInt(-1) == 0, "a whisper to a user with no connection: expected"
                            + " delivered 0, got " + none);
                    from.send(Frames.action("whisper").put("data", "no to").toString());
                    from.expectError("MISSING_FIELD");
                }),
                new Case("presence_joinAndLeave_onTheUsersFirstAndLastConnection", ctx -> {
                    String room = ctx.room("");
                    Tokens.User b = ctx.b();
                    Client watcher = ctx.connect(ctx.a());
                    join(watcher, room);
                    Client b1 = ctx.connect(b);
                    Client b2 = ctx.connect(b);
                    join(b1, room);
                    expectPresence(watcher, room, b.id(), "join");
                    join(b2, room);
                    b2.send(Frames.leave(room));
                    b2.expectType("left");
                    nothingBut(watcher, "pong", "no presence for the user's second connection joining or leaving");
                    b1.send(Frames.leave(room));
                    b1.expectType("left");
                    expectPresence(watcher, room, b.id(), "leave");
                }));
    }

    static void join(Client c, String room) {
        c.send(Frames.join(room));
        JsonNode j = c.expect("joined", n -> n.has("type"));
        Frames.checkType(j, "joined");
    }

    static void expectPresence(Client c, String room, String user, String event) {
        c.expect("presence " + event + " of " + user, n -> "presence".equals(n.path("type").asText())
                && room.equals(n.path("room").asText()) && user.equals(n.path("user").asText())
                && event.equals(n.path("event").asText()));
    }

    /** After a pause, a ping: the next frame must be its pong. */
    static void nothingBut(Client c, String type, String why) {
        try {
            Thread.sleep(QUIET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        c.send(Frames.ping());
        JsonNode n = c.expect("any frame", x -> true);
        check(type.equals(n.path("type").asText()), why + ", but got " + n);
    }

    static List<String> members(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.path("members").forEach(m -> out.add(m.asText()));
        return out;
    }
}
