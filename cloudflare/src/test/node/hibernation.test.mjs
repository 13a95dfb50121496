// Hibernation: workerd evicts a Durable Object after 10 s without events ("By default, Durable Objects are evicted
// after 10 seconds of inactivity", node_modules/workerd/workerd.capnp, DurableObjectNamespace.preventEviction). Its
// hibernatable WebSockets stay open; the next message constructs the object again, which must rebuild its rooms and
// users from the sockets' attachments and SQLite. The exact ping frame is answered by the runtime's auto-response
// (setWebSocketAutoResponse, https://developers.cloudflare.com/durable-objects/api/websockets/) without waking it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect, next, request, sleep, startWorkerd, token } from "./harness.mjs";

const IDLE_MS = 12_000; // eviction after 10 s of inactivity, plus a margin for a loaded machine

let w;
before(async () => { w = await startWorkerd(); });
after(async () => { await w?.stop(); });

test("an object evicted after its idle time wakes with its rooms and users", async () => {
  const alice = await connect(w.url, token("alice-h"));
  const alice2 = await connect(w.url, token("alice-h"));
  const bob = await connect(w.url, token("bob-h"));
  for (const ws of [alice, alice2, bob]) await request(ws, { action: "join", room: "hib" }, "joined");
  await request(alice, { action: "join", room: "hib-2" }, "joined");
  await request(bob, { action: "join", room: "hib-2" }, "joined");
  for (let i = 0; i < 10; i++) alice.send('{"action":"members","room":"hib"}'); // half the burst used
  await sleep(300);
  alice.inbox.length = 0;
  bob.inbox.length = 0;
  alice2.inbox.length = 0;

  const starts = () => w.events((e) => e.event === "object-start");
  const before = starts().length;
  await sleep(5000);
  // the exact ping frame is answered while the object is idle, and does not wake it or keep it awake
  assert.deepEqual(await request(alice, '{"action":"ping"}', "pong"), { type: "pong" });
  await sleep(IDLE_MS - 5000);
  assert.equal(starts().length, before, "nothing woke an object while idle");

  // a message wakes bob's shard and the room: both start again and rebuild from the sockets and SQLite
  const ack = await request(bob, { action: "send", room: "hib", data: "after", ack: true }, "ack");
  assert.equal(ack.delivered, 2, "both of alice's connections are still members");
  const m = await next(alice, (f) => f.type === "message");
  assert.equal(m.data, "after");
  assert.equal(m.from, "bob-h", "the user id came back with the socket's attachment");
  assert.equal((await next(alice2, (f) => f.type === "message")).data, "after");
  const woke = (await w.eventsAfter(before, (e) => e.event === "object-start")).slice(before);
  assert.ok(woke.some((e) => e.class === "Room" && e.users === 2), JSON.stringify(woke));
  assert.ok(woke.some((e) => e.class === "Shard" && e.sockets >= 1 && e.rooms >= 1), JSON.stringify(woke));

  // alice's shard wakes on her message: still in both rooms, the whisper finds both her connections
  assert.equal((await request(alice, { action: "send", room: "hib-2", data: 2, ack: true }, "ack")).delivered, 1);
  assert.equal((await request(bob, { action: "whisper", to: "alice-h", data: "w", ack: true }, "ack")).delivered, 2);
  const members = await request(alice, { action: "members", room: "hib" }, "members");
  assert.deepEqual(members.members, ["alice-h", "bob-h"]);
  for (const ws of [alice, alice2, bob]) ws.close();
});
