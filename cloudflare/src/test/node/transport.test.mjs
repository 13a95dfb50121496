// The two token transports of docs/protocol.md on the Worker: `?token=` and the subprotocol offers
// `switchboard.v2, bearer.<JWT>`, answered with `Sec-WebSocket-Protocol: switchboard.v2` and never the token; a bad
// bearer token answers like a bad query token (403), a missing one 401, a token in both places 403.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect, connectOffering, next, request, token, startWorkerd } from "./harness.mjs";

let w;
before(async () => {
  w = await startWorkerd();
});
after(async () => {
  await w?.stop();
});

const forged = (t) => {
  const i = t.lastIndexOf(".") + 1; // the signature's first character: all six of its bits are signature bits
  return t.slice(0, i) + (t[i] === "A" ? "B" : "A") + t.slice(i + 1);
};
const status = (p) => p.then((ws) => { ws.close(); return 101; }, (e) => e.status);

test("a header-transport user talks with a query-transport user; the answer names v2 and never the token", async () => {
  const t = token("alice");
  const alice = await connectOffering(w.url, ["switchboard.v2", "bearer." + t]);
  const bob = await connect(w.url, token("bob"));
  try {
    assert.equal(alice.protocol, "switchboard.v2");
    assert.equal(alice.upgradeHeaders["sec-websocket-protocol"], "switchboard.v2");
    assert.ok(!JSON.stringify(alice.upgradeHeaders).includes(t.slice(t.lastIndexOf(".") + 1)), "no token in the answer");
    assert.equal(bob.protocol, "");
    assert.equal((await request(alice, { action: "join", room: "transport" }, "joined")).type, "joined");
    assert.equal((await request(bob, { action: "join", room: "transport" }, "joined")).count, 2);
    bob.send(JSON.stringify({ action: "send", room: "transport", data: "hi" }));
    const m = await next(alice, (f) => f.type === "message");
    assert.equal(m.from, "bob");
    assert.equal(m.data, "hi");
    const decisions = w.events((e) => e.event === "authorize" && e.outcome === "ALLOW");
    assert.ok(decisions.some((d) => d.transport === "HEADER") && decisions.some((d) => d.transport === "QUERY"));
    assert.ok(!w.logs.join("\n").includes(t), "the token is never logged");
  } finally {
    alice.close();
    bob.close();
  }
});

test("a bad bearer token is answered like a bad query token: 403", async () => {
  const bad = forged(token("mallory"));
  const byQuery = await status(connect(w.url, bad));
  const byHeader = await status(connectOffering(w.url, ["switchboard.v2", "bearer." + bad]));
  assert.equal(byQuery, 403);
  assert.equal(byHeader, byQuery);
});

test("no token in either place, or an empty bearer, is 401 as a missing query token always was", async () => {
  assert.equal(await status(connectOffering(w.url, ["switchboard.v2"])), 401);
  assert.equal(await status(connectOffering(w.url, ["switchboard.v2", "bearer."])), 401);
});

test("a token in both places is refused (403), even when both are valid; so are two bearer offers", async () => {
  assert.equal(await status(connectOffering(w.url, ["switchboard.v2", "bearer." + token("bob")],
    "token=" + token("alice"))), 403);
  assert.equal(await status(connectOffering(w.url, ["switchboard.v2", "bearer." + token("alice"),
    "bearer." + token("bob")])), 403);
  // workerd's log lines arrive after the answers: wait for the second one
  assert.equal((await w.eventsAfter(1, (e) => e.reason === "AMBIGUOUS_TOKEN")).length, 2);
});

test("a bearer offer without switchboard.v2 is 400", async () => {
  assert.equal(await status(connectOffering(w.url, ["bearer." + token("dave")])), 400);
});
