// A room of 1,000 members in workerd: every member connection gets one send, the ack counts them all, joined's
// count is exact and its page is bounded. Prints handshakes per second and the broadcast time as information (not
// asserted: speed is measured by benchmarks on a quiet machine, and this machine's load is printed beside them).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { loadavg } from "node:os";
import { SETTINGS, connect, next, request, startWorkerd, token } from "./harness.mjs";

const MEMBERS = 1000;
const CONCURRENCY = 50;
let w;
const sockets = [];
before(async () => { w = await startWorkerd(); });
after(async () => {
  sockets.forEach((s) => s.terminate());
  await w?.stop();
});

async function inBatches(items, fn) {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
}

test(`a room of ${MEMBERS} members: one send reaches every other member`, async () => {
  const users = Array.from({ length: MEMBERS }, (_, i) => `m${String(i).padStart(4, "0")}`);
  const tokens = users.map((u) => token(u));
  let t = performance.now();
  await inBatches(users.map((_, i) => i), async (i) => { sockets[i] = await connect(w.url, tokens[i]); });
  const handshakeMs = performance.now() - t;
  t = performance.now();
  await inBatches(sockets, async (ws) => { await request(ws, { action: "join", room: "big" }, "joined"); });
  const joinMs = performance.now() - t;

  const sender = sockets[0];
  const joined = await request(sender, { action: "join", room: "big" }, "joined");
  assert.equal(joined.count, MEMBERS);
  assert.equal(joined.members.length, SETTINGS.limits.membersPageSize);
  assert.ok(joined.next);

  t = performance.now();
  const received = Promise.all(sockets.slice(1).map((ws) => next(ws, (f) => f.type === "message", 30000)));
  const ack = await request(sender, { action: "send", room: "big", data: { n: 1 }, ack: true }, "ack");
  const ackMs = performance.now() - t;
  const frames = await received;
  const broadcastMs = performance.now() - t;
  assert.equal(ack.delivered, MEMBERS - 1);
  assert.ok(frames.every((f) => f.id === ack.id && f.data.n === 1));
  console.log(JSON.stringify({
    members: MEMBERS, shards: SETTINGS.shards,
    handshakesPerSecond: Math.round(MEMBERS / (handshakeMs / 1000)),
    joinsPerSecond: Math.round(MEMBERS / (joinMs / 1000)),
    ackMs: Math.round(ackMs), broadcastMs: Math.round(broadcastMs),
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(" "),
  }));
});
