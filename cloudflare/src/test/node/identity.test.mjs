// Issue 27, reproductions 1 and 5, against the Worker in workerd: one user id is one identity. Tokens whose sub
// differs from a user's only by whitespace or control characters never act as that user (the verifier refuses them,
// and the identity passed from the Worker to its connection shard cannot be altered on the way); a sub with a NUL or
// newline is refused like any bad token (403), never a 500; a whisper names a valid user id or is refused before any
// shard looks for the user.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SETTINGS, connect, next, request, sleep, startWorkerd, token } from "./harness.mjs";
import { IDENTITY_HEADER, decodeIdentity, encodeIdentity } from "../../worker/identity.mjs";

const MAX = SETTINGS.userIds.maxChars;
const VARIANTS = (u) => [`${u} `, ` ${u}`, `\t${u}`, `${u}\n`];

describe("the Worker-to-shard identity header", () => {
  const users = ["alice", ...VARIANTS("alice"), "al\u0000ice", "ali\nce", "jos\u00e9", "\u{1F600}", "a\ud800", "a".repeat(MAX)];

  test("carries every user id exactly, through a real Headers object, and keeps them apart", () => {
    const seen = new Set();
    for (const user of users) {
      for (const room of [null, "r-1"]) {
        const h = new Headers({ [IDENTITY_HEADER]: encodeIdentity(user, room) });
        assert.deepEqual(decodeIdentity(h.get(IDENTITY_HEADER)), { user, room });
      }
      seen.add(encodeIdentity(user, null));
    }
    assert.equal(seen.size, users.length);
  });

  test("a raw header value would not: the Fetch standard trims whitespace and refuses NUL and newlines", () => {
    // https://fetch.spec.whatwg.org/#concept-header-value-normalize: why the user id no longer rides raw
    assert.equal(new Headers({ "x-user": "alice " }).get("x-user"), "alice");
    assert.equal(new Headers({ "x-user": "\talice" }).get("x-user"), "alice");
    assert.throws(() => new Headers({ "x-user": "al\u0000ice" }), TypeError);
  });

  test("refuses a value that is not exactly one made by encodeIdentity", () => {
    const good = encodeIdentity("alice", null);
    for (const bad of [good + "=", good + "+", `${good.slice(0, -1)}/`, ` ${good}`, good.slice(0, -1), "", "e30", undefined,
      Buffer.from('{"u":"alice\xff","r":null}', "latin1").toString("base64url")]) {
      assert.throws(() => decodeIdentity(bad), `${JSON.stringify(bad)} is refused`);
    }
  });
});

describe("in workerd", () => {
  let w;
  before(async () => { w = await startWorkerd(); });
  after(async () => { await w?.stop(); });
  const base = `alice-${process.pid}`;

  test("tokens for a user id with whitespace around it are refused, and a whisper reaches only the user", async () => {
    const alice = await connect(w.url, token(base));
    for (const impostor of VARIANTS(base)) {
      await assert.rejects(connect(w.url, token(impostor)), (e) => e.status === 403,
        `${JSON.stringify(impostor)} must not connect`);
    }
    const bob = await connect(w.url, token(`bob-${process.pid}`));
    const ack = await request(bob, { action: "whisper", to: base, data: "psst", ack: true }, "ack");
    assert.equal(ack.delivered, 1);
    assert.equal((await next(alice, (f) => f.type === "whisper")).from, `bob-${process.pid}`);
    alice.close(); bob.close();
  });

  test("a sub with a NUL or a newline inside is refused with 403 and the reason INVALID_SUBJECT, never a 500", async () => {
    for (const sub of [`al\u0000ice-${process.pid}`, `ali\nce-${process.pid}`, `\u0000`]) {
      const before = w.events((e) => e.event === "authorize").length;
      await assert.rejects(connect(w.url, token(sub)), (e) => e.status === 403, JSON.stringify(sub));
      const decisions = await w.eventsAfter(before, (e) => e.event === "authorize");
      assert.equal(decisions.at(-1).reason, "INVALID_SUBJECT");
    }
    assert.equal(w.events((e) => e.event === "authorizer-failed" || e.event === "internal-error").length, 0);
  });

  test("a whisper to a user id longer than the limit, or not a user id, is refused with MISSING_FIELD", async () => {
    const s = await connect(w.url, token(`sender-${process.pid}`));
    for (const to of ["a".repeat(255), "a".repeat(256), "a".repeat(MAX + 1), `${base} `, "\u0000"]) {
      const r = await request(s, { action: "whisper", to, data: 1, ack: true }, "ack");
      assert.equal(r.type, "error", `to ${JSON.stringify(to).slice(0, 40)}`);
      assert.equal(r.code, "MISSING_FIELD");
    }
    s.close();
  });

  test("a whisper to a user id of the longest length reaches that user through its tag", async () => {
    const longest = `L${process.pid}`.padEnd(MAX, "x");
    const target = await connect(w.url, token(longest));
    const s = await connect(w.url, token(`sender2-${process.pid}`));
    const ack = await request(s, { action: "whisper", to: longest, data: "hi", ack: true }, "ack");
    assert.equal(ack.delivered, 1);
    await next(target, (f) => f.type === "whisper");
    target.close(); s.close();
    await sleep(50);
  });
});
