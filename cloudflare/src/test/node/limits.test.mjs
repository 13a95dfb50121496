// Issue 27, reproduction 6 on the Worker: the rate limit was per connection, so five connections of one user got
// 100 frames through where one got 20, and nothing capped connections per user. The shard that holds all of a
// user's connections now shares one rate between them, and refuses the upgrade beyond maxConnectionsPerUser (429).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SETTINGS, connect, sleep, token, startWorkerd } from "./harness.mjs";

let w;
before(async () => {
  w = await startWorkerd();
});
after(async () => {
  await w?.stop();
});

const { messageBurst, maxConnectionsPerUser } = SETTINGS.limits;
const status = (p) => p.then((ws) => { ws.close(); return 101; }, (e) => e.status);

test("five connections of one user get no more frames through than one", async () => {
  const many = [];
  for (let i = 0; i < 5; i++) many.push(await connect(w.url, token("multi")));
  const one = await connect(w.url, token("single"));
  const sent = messageBurst + 5;
  const start = Date.now();
  for (const ws of [...many, one]) {
    for (let i = 0; i < sent; i++) ws.send(JSON.stringify({ action: "join", room: "r-user" }));
  }
  const replies = (ws) => ws.inbox.filter((f) => f.type === "joined" || f.code === "RATE_LIMITED").length;
  while ([...many, one].some((ws) => replies(ws) < sent) && Date.now() - start < 20000) await sleep(20);
  const seconds = (Date.now() - start) / 1000; // every counted frame was counted within these seconds
  const joined = (ws) => ws.inbox.filter((f) => f.type === "joined").length;
  const total = many.reduce((n, ws) => n + joined(ws), 0);
  const allowance = messageBurst + Math.ceil(seconds * SETTINGS.limits.messageRatePerSecond);
  assert.ok(joined(one) >= messageBurst && joined(one) <= allowance, `one connection: ${joined(one)}`);
  assert.ok(total >= messageBurst && total <= allowance, `five connections together: ${total} (at most ${allowance})`);
  for (const ws of [...many, one]) ws.close();
});

test("a connection beyond maxConnectionsPerUser is refused with 429 until one closes", async () => {
  const open = [];
  for (let i = 0; i < maxConnectionsPerUser; i++) open.push(await connect(w.url, token("capped")));
  assert.equal(await status(connect(w.url, token("capped"))), 429);
  assert.equal(await status(connect(w.url, token("someone-else"))), 101);
  const closed = new Promise((r) => open[0].on("close", r));
  open[0].close();
  await closed;
  await sleep(200);
  assert.equal(await status(connect(w.url, token("capped"))), 101);
  for (const ws of open) ws.close();
});
