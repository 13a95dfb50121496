// Issue 27, reproduction 4 on workerd: a page on another origin opened a WebSocket with a token it minted, and the
// dev-token endpoint had no DNS-rebinding guard (the Java local API answers 421). A local Worker (devTokens on) now
// refuses a handshake or a dev-token request whose Origin is not its own loopback origin (403), serves clients that
// send no Origin, and answers the dev-token endpoint only for a loopback Host (421 otherwise).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { WebSocket, token, startWorkerd } from "./harness.mjs";

let w;
before(async () => {
  w = await startWorkerd();
});
after(async () => {
  await w?.stop();
});

/** The handshake's status with `origin` (none when undefined): 101 when it opened. */
function handshake(origin) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${w.url}?token=${token("alice")}`, origin === undefined ? {} : { origin });
    ws.on("open", () => { ws.close(); resolve(101); });
    ws.on("unexpected-response", (req, res) => { res.resume(); resolve(res.statusCode); });
    ws.on("error", reject);
  });
}

/** GET of the dev-token endpoint with exactly these headers; resolves to {status, body}. */
function devToken(headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: w.port, path: "/_switchboard/token?user=alice", headers },
      (res) => {
        let body = "";
        res.on("data", (d) => { body += d; });
        res.on("end", () => resolve({ status: res.statusCode, body }));
      });
    req.on("error", reject);
    req.end();
  });
}

test("a handshake from another origin is refused, even with a valid token", async () => {
  assert.equal(await handshake("http://evil.example"), 403);
  assert.equal(await handshake(`https://127.0.0.1:${w.port}`), 403);
  assert.equal(await handshake(`http://127.0.0.1:${w.port + 1}`), 403);
  assert.equal(await handshake("null"), 403);
});

test("a handshake from the Worker's own origin, or without Origin, is served", async () => {
  assert.equal(await handshake(`http://127.0.0.1:${w.port}`), 101);
  assert.equal(await handshake(`http://localhost:${w.port}`), 101);
  assert.equal(await handshake(undefined), 101);
});

test("the dev-token endpoint answers 421 to a rebound host name, 403 to another origin, a token otherwise", async () => {
  const rebound = await devToken({ host: `evil.example:${w.port}` });
  assert.equal(rebound.status, 421);
  assert.match(rebound.body, /MISDIRECTED/);
  const foreign = await devToken({ host: `127.0.0.1:${w.port}`, origin: "http://evil.example" });
  assert.equal(foreign.status, 403);
  assert.ok(!foreign.body.includes("eyJ"), "no token in the refusal");
  const own = await devToken({ host: `127.0.0.1:${w.port}`, origin: `http://127.0.0.1:${w.port}` });
  assert.equal(own.status, 200);
  assert.ok(JSON.parse(own.body).token.startsWith("eyJ"));
});
