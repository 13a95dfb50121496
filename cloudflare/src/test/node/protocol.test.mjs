// The protocol (docs/protocol.md v2) against the Worker in workerd, with real ws clients.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SETTINGS, closed, connect, next, request, sleep, startWorkerd, token } from "./harness.mjs";

let w;
before(async () => { w = await startWorkerd(); });
after(async () => { await w?.stop(); });

let n = 0;
const unique = (p) => `${p}-${process.pid}-${++n}`;
const open = (user, query = "") => connect(w.url, token(user), query);
const quiet = (ws, ms = 300) => sleep(ms).then(() => ws.inbox.filter((f) => f.type !== "pong"));

describe("handshake", () => {
  test("no token answers 401, a bad token 403, a bad room 400, a good token 101", async () => {
    await assert.rejects(connect(w.url, ""), { status: 401 });
    await assert.rejects(connect(w.url, "not-a-jwt"), { status: 403 });
    await assert.rejects(open("alice", "&room=" + encodeURIComponent("bad room!")), { status: 400 });
    const ws = await open("alice");
    ws.close();
  });

  test("a non-upgrade request to the stage answers 426, another path 404", async () => {
    assert.equal((await fetch(`${w.http}/${SETTINGS.stage}`)).status, 426);
    assert.equal((await fetch(`${w.http}/nowhere`)).status, 404);
  });

  test("?room= joins at once: the others get presence, the joiner no joined frame", async () => {
    const room = unique("r");
    const bob = await open(unique("bob"));
    assert.equal((await request(bob, { action: "join", room }, "joined")).count, 1);
    const alice = unique("alice");
    const a = await open(alice, `&room=${room}`);
    assert.deepEqual(await next(bob, (f) => f.type === "presence"), { type: "presence", room, user: alice, event: "join" });
    assert.deepEqual(await quiet(a), []);
    const j = await request(a, { action: "join", room }, "joined");
    assert.equal(j.count, 2);
    a.close(); bob.close();
  });
});

describe("errors keep the connection open", () => {
  test("BAD_JSON, UNKNOWN_ACTION, MISSING_FIELD, NOT_A_MEMBER, TOO_LARGE", async () => {
    const ws = await open(unique("u"));
    const code = async (frame) => (await request(ws, frame, "never")).code;
    assert.equal(await code("hello?"), "BAD_JSON");
    assert.equal(await code("[1,2]"), "BAD_JSON");
    assert.equal(await code("null"), "BAD_JSON");
    assert.equal(await code({ room: "x" }), "UNKNOWN_ACTION");
    assert.equal(await code({ action: 7 }), "UNKNOWN_ACTION");
    assert.equal(await code({ action: "dance" }), "UNKNOWN_ACTION");
    assert.equal(await code({ action: "join" }), "MISSING_FIELD");
    assert.equal(await code({ action: "join", room: "bad room" }), "MISSING_FIELD");
    assert.equal(await code({ action: "join", room: "x".repeat(129) }), "MISSING_FIELD");
    assert.equal(await code({ action: "send", room: "r", data: null }), "MISSING_FIELD");
    assert.equal(await code({ action: "send", room: "r" }), "MISSING_FIELD");
    assert.equal(await code({ action: "send", room: "r", data: 1, ack: "yes" }), "MISSING_FIELD");
    assert.equal(await code({ action: "send", room: "r", data: 1, cid: "" }), "MISSING_FIELD");
    assert.equal(await code({ action: "send", room: "r", data: 1, cid: "x".repeat(65) }), "MISSING_FIELD");
    assert.equal(await code({ action: "whisper", data: 1 }), "MISSING_FIELD");
    assert.equal(await code({ action: "send", room: "r", data: 1 }), "NOT_A_MEMBER");
    assert.equal(await code({ action: "leave", room: "r" }), "NOT_A_MEMBER");
    assert.equal(await code({ action: "members", room: "r" }), "NOT_A_MEMBER");
    const big = "x".repeat(SETTINGS.limits.maxDataBytes);
    assert.equal(await code({ action: "whisper", to: "nobody", data: big }), "TOO_LARGE"); // 2 quote bytes over
    assert.equal((await request(ws, { action: "ping" }, "pong")).type, "pong");
    ws.close();
  });

  test("a binary frame closes the connection with 1003", async () => {
    const ws = await open(unique("u"));
    const code = new Promise((r) => ws.on("close", (c) => r(c)));
    ws.send(Buffer.from([1, 2, 3]));
    assert.equal(await code, 1003);
  });
});

describe("ping", () => {
  test("the exact ping frame and any other spelling of it both answer pong", async () => {
    const ws = await open(unique("u"));
    assert.deepEqual(await request(ws, '{"action":"ping"}', "pong"), { type: "pong" });
    assert.deepEqual(await request(ws, '{ "action" : "ping", "x": 1 }', "pong"), { type: "pong" });
    ws.close();
  });
});

describe("rooms, presence and members", () => {
  test("joined carries count and a first page; members pages with next; a foreign cursor is MISSING_FIELD", async () => {
    const room = unique("page");
    const users = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, "0")}-${n}`);
    const sockets = [];
    for (const u of users) {
      const ws = await open(u);
      await request(ws, { action: "join", room }, "joined");
      sockets.push(ws);
    }
    const first = await request(sockets[0], { action: "join", room }, "joined");
    assert.equal(first.count, 12);
    assert.equal(first.members.length, SETTINGS.limits.membersPageSize);
    assert.ok(first.next);
    const seen = [...first.members];
    let cursor = first.next;
    while (cursor) {
      const page = await request(sockets[0], { action: "members", room, cursor }, "members");
      assert.equal(page.room, room);
      seen.push(...page.members);
      cursor = page.next;
    }
    assert.deepEqual(seen, [...users].sort());
    const other = unique("other");
    await request(sockets[0], { action: "join", room: other }, "joined");
    const bad = await request(sockets[0], { action: "members", room: other, cursor: first.next }, "members");
    assert.equal(bad.code, "MISSING_FIELD");
    assert.equal((await request(sockets[0], { action: "members", room, cursor: "garbage" }, "members")).code,
      "MISSING_FIELD");
    sockets.forEach((s) => s.close());
  });

  test("presence is per user: join on the first connection, leave on the last; none above presenceMaxMembers",
    async () => {
      const room = unique("presence");
      const watcher = await open(unique("watcher"));
      await request(watcher, { action: "join", room }, "joined");
      const carol = unique("carol");
      const tab1 = await open(carol);
      const tab2 = await open(carol);
      await request(tab1, { action: "join", room }, "joined");
      assert.equal((await next(watcher, (f) => f.type === "presence")).event, "join");
      await request(tab2, { action: "join", room }, "joined");
      await request(tab1, { action: "leave", room }, "left");
      assert.deepEqual(await quiet(watcher), []);
      tab2.close();
      assert.deepEqual(await next(watcher, (f) => f.type === "presence"),
        { type: "presence", room, user: carol, event: "leave" });
      // fill the room to presenceMaxMembers users; the next one is not announced
      const fill = [];
      for (let i = 1; i < SETTINGS.limits.presenceMaxMembers - 1; i++) {
        const f = await open(unique("fill"));
        await request(f, { action: "join", room }, "joined");
        fill.push(f);
      }
      await next(watcher, (f) => f.type === "presence" && f.user === carol && false, 1).catch(() => {});
      watcher.inbox.length = 0;
      const last = await open(unique("tenth"));
      assert.equal((await request(last, { action: "join", room }, "joined")).count, SETTINGS.limits.presenceMaxMembers);
      assert.equal((await next(watcher, (f) => f.type === "presence")).event, "join");
      const over = await open(unique("eleventh"));
      assert.equal((await request(over, { action: "join", room }, "joined")).count,
        SETTINGS.limits.presenceMaxMembers + 1);
      assert.deepEqual(await quiet(watcher), []);
      [watcher, last, over, ...fill].forEach((s) => s.close());
    });

  test("a connection in several rooms gets each room's messages; leaving one keeps the other", async () => {
    const [r1, r2] = [unique("a"), unique("b")];
    const me = await open(unique("multi"));
    const sender = await open(unique("sender"));
    for (const r of [r1, r2]) {
      await request(me, { action: "join", room: r }, "joined");
      await request(sender, { action: "join", room: r }, "joined");
    }
    sender.send(JSON.stringify({ action: "send", room: r1, data: 1 }));
    sender.send(JSON.stringify({ action: "send", room: r2, data: 2 }));
    assert.equal((await next(me, (f) => f.type === "message" && f.room === r1)).data, 1);
    assert.equal((await next(me, (f) => f.type === "message" && f.room === r2)).data, 2);
    await request(me, { action: "leave", room: r1 }, "left");
    const ack = await request(sender, { action: "send", room: r1, data: 3, ack: true }, "ack");
    assert.equal(ack.delivered, 0);
    assert.equal((await request(sender, { action: "send", room: r2, data: 4, ack: true }, "ack")).delivered, 1);
    me.close(); sender.close();
  });
});

describe("send, whisper and acks", () => {
  test("send without ack gets no reply; with ack and cid the ack and the recipients' frames match", async () => {
    const room = unique("chat");
    const alice = unique("alice");
    const a = await open(alice);
    const b1 = await open(unique("bob"));
    const a2 = await open(alice); // alice's other tab gets the message, the sending tab does not
    for (const ws of [a, b1, a2]) await request(ws, { action: "join", room }, "joined");
    a.send(JSON.stringify({ action: "send", room, data: { text: "hi" } }));
    const m = await next(b1, (f) => f.type === "message");
    assert.equal(m.from, alice);
    assert.deepEqual(m.data, { text: "hi" });
    assert.equal(typeof m.id, "string");
    assert.ok(Math.abs(m.ts - Date.now()) < 10000);
    await next(a2, (f) => f.type === "message");
    assert.deepEqual((await quiet(a)).filter((f) => f.type !== "presence"), []);
    const ack = await request(a, { action: "send", room, data: 2, ack: true, cid: "m-2" }, "ack");
    assert.equal(ack.cid, "m-2");
    assert.equal(ack.delivered, 2);
    const m2 = await next(b1, (f) => f.type === "message" && f.data === 2);
    assert.equal(m2.id, ack.id);
    assert.equal(m2.cid, "m-2");
    [a, b1, a2].forEach((s) => s.close());
  });

  test("a whisper reaches every connection of the user, on any shard, not the sending one", async () => {
    const dave = unique("dave");
    const d1 = await open(dave);
    const d2 = await open(dave);
    const senders = await Promise.all(Array.from({ length: 6 }, (_, i) => open(unique("s" + i)))); // several shards
    for (const s of senders) {
      const ack = await request(s, { action: "whisper", to: dave, data: "psst", ack: true, cid: "w" }, "ack");
      assert.equal(ack.delivered, 2);
    }
    const w1 = await next(d1, (f) => f.type === "whisper");
    assert.equal(w1.data, "psst");
    assert.equal(w1.cid, "w");
    await next(d2, (f) => f.type === "whisper");
    assert.equal((await request(d1, { action: "whisper", to: dave, data: 1, ack: true }, "ack")).delivered, 1);
    assert.equal((await request(d1, { action: "whisper", to: unique("nobody"), data: 1, ack: true }, "ack")).delivered,
      0);
    [d1, d2, ...senders].forEach((s) => s.close());
  });
});

describe("rate limit (GCRA)", () => {
  test("burst frames pass at once, the next is RATE_LIMITED, ping never counts, and the rate refills", async () => {
    const { messageBurst, messageRatePerSecond } = SETTINGS.limits;
    const ws = await open(unique("rl"));
    const room = unique("rl");
    for (let i = 0; i < messageBurst + 3; i++) ws.send(JSON.stringify({ action: "join", room }));
    for (let i = 0; i < 5; i++) ws.send('{"action":"ping"}');
    await sleep(500);
    const joined = ws.inbox.filter((f) => f.type === "joined").length;
    const limited = ws.inbox.filter((f) => f.code === "RATE_LIMITED").length;
    assert.ok(joined >= messageBurst && joined <= messageBurst + 5, `joined ${joined}`); // + refill in 0.5 s
    assert.equal(joined + limited, messageBurst + 3);
    assert.equal(ws.inbox.filter((f) => f.type === "pong").length, 5);
    ws.inbox.length = 0;
    await sleep(1000 / messageRatePerSecond + 50);
    assert.equal((await request(ws, { action: "join", room }, "joined")).type, "joined");
    ws.close();
  });
});

describe("disconnect", () => {
  test("closing removes the connection from all its rooms", async () => {
    const room = unique("dc");
    const stay = await open(unique("stay"));
    const goer = await open(unique("goer"));
    await request(stay, { action: "join", room }, "joined");
    await request(goer, { action: "join", room }, "joined");
    goer.close();
    await closed(goer);
    await next(stay, (f) => f.type === "presence" && f.event === "leave");
    assert.equal((await request(stay, { action: "join", room }, "joined")).count, 1);
    stay.close();
  });
});
