// Test harness: runs the rendered Worker in a real workerd (from node_modules) and talks to it with real `ws`
// clients. The JUnit side (WorkerdSuiteTest) renders the configuration from the blueprint and passes its path.
import { spawn } from "node:child_process";
import { createHmac, createSign, generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.env.SWITCHBOARD_ROOT ?? process.cwd(), "package.json"));
export const WebSocket = require("ws");

export const CONFIG = process.env.SWITCHBOARD_WORKERD_CONFIG;
export const WORKERD = process.env.SWITCHBOARD_WORKERD;
export const SETTINGS = JSON.parse(process.env.SWITCHBOARD_SETTINGS ?? "{}");
export const SECRET = process.env.SWITCHBOARD_JWT_SECRET;
export const JWKS_PORT = Number(process.env.SWITCHBOARD_JWKS_PORT ?? 0);
export const ISSUER = SETTINGS.auth?.issuer;
export const AUDIENCE = SETTINGS.auth?.audience;

/** Starts workerd on a free port with its own storage directory; resolves once it listens. */
export async function startWorkerd() {
  if (!CONFIG || !WORKERD) throw new Error("run through WorkerdSuiteTest (SWITCHBOARD_WORKERD_CONFIG is not set)");
  const storage = mkdtempSync(join(tmpdir(), "switchboard-do-"));
  const child = spawn(WORKERD, ["serve", CONFIG, "--socket-addr", "http=127.0.0.1:0", "--control-fd", "3",
    "--directory-path", `do-disk=${storage}`], { stdio: ["ignore", "pipe", "pipe", "pipe"] });
  const logs = [];
  const onLine = (stream) => {
    let buf = "";
    stream.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        logs.push(line);
        if (process.env.SWITCHBOARD_WORKERD_ECHO) console.error("workerd:", line);
      }
    });
  };
  onLine(child.stdout);
  onLine(child.stderr);
  const port = await new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error("workerd did not listen in 15 s:\n" + logs.join("\n"))), 15000);
    child.stdio[3].on("data", (d) => {
      buf += d;
      for (const line of buf.split("\n")) {
        try {
          const m = JSON.parse(line);
          if (m.event === "listen" && m.socket === "http") {
            clearTimeout(timer);
            resolve(m.port);
          }
        } catch {
          // partial line
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`workerd exited with ${code}:\n${logs.join("\n")}`)));
  });
  return {
    port,
    logs,
    url: `ws://127.0.0.1:${port}/${SETTINGS.stage}`,
    http: `http://127.0.0.1:${port}`,
    /** JSON log lines of the Worker (console.log) that match `pred`. */
    events: (pred) => logs.flatMap((l) => {
      try {
        const j = JSON.parse(l.slice(l.indexOf("{")));
        return pred(j) ? [j] : [];
      } catch {
        return [];
      }
    }),
    /** Waits (2 s at most) until more than `count` log events match `pred`; returns them all. */
    async eventsAfter(count, pred) {
      const deadline = Date.now() + 2000;
      for (;;) {
        const found = this.events(pred);
        if (found.length > count || Date.now() > deadline) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      const exited = new Promise((r) => (child.exitCode !== null ? r() : child.on("exit", r)));
      child.kill("SIGTERM"); // workerd drains open connections on SIGTERM; a test does not wait for that
      const timer = setTimeout(() => child.kill("SIGKILL"), 1000);
      await exited;
      clearTimeout(timer);
      rmSync(storage, { recursive: true, force: true });
    },
  };
}

const b64url = (buf) => Buffer.from(buf).toString("base64url");
const enc = (o) => b64url(JSON.stringify(o));

/** Valid claims for `sub`, overridable. */
export function claims(sub, extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { sub, iss: ISSUER, aud: AUDIENCE, iat: now, nbf: now, exp: now + 3600, ...extra };
}

export function hs256(payload, header = {}, secret = SECRET) {
  const input = enc({ alg: "HS256", typ: "JWT", ...header }) + "." + enc(payload);
  return input + "." + b64url(createHmac("sha256", secret).update(input).digest());
}

export const token = (sub, extra) => hs256(claims(sub, extra));

/** Test keys, made on first use (RSA key generation takes a while). */
export const KEYS = {};
for (const [name, make] of Object.entries({
  rsa: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  attackerRsa: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  ec: () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
  attackerEc: () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
  ecP384: () => generateKeyPairSync("ec", { namedCurve: "P-384" }),
})) {
  let key;
  Object.defineProperty(KEYS, name, { get: () => (key ??= make()), enumerable: true });
}

export function rs256(payload, header, key = KEYS.rsa.privateKey) { // eslint-disable-line default-param-last
  const input = enc({ alg: "RS256", typ: "JWT", ...header }) + "." + enc(payload);
  return input + "." + b64url(createSign("RSA-SHA256").update(input).sign(key));
}

export function es256(payload, header, key = KEYS.ec.privateKey) {
  const input = enc({ alg: "ES256", typ: "JWT", ...header }) + "." + enc(payload);
  return input + "." + b64url(cryptoSign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" }));
}

/** The JWKS the Worker's jwksUrl points at: RSA, EC P-256, EC P-384 and a symmetric key. */
export function jwks() {
  const pub = (k, kid, alg) => ({ ...k.publicKey.export({ format: "jwk" }), kid, alg, use: "sig" });
  return { keys: [pub(KEYS.rsa, "rsa-1", "RS256"), pub(KEYS.ec, "ec-1", "ES256"),
    { ...KEYS.ecP384.publicKey.export({ format: "jwk" }), kid: "ec-384", use: "sig" },
    { kty: "oct", kid: "oct-1", k: b64url(Buffer.from("a-symmetric-key-in-the-jwks-32-bytes!!")) }] };
}

/** Serves jwks() on the port the rendered configuration names; counts fetches. */
export async function startJwks() {
  let fetches = 0;
  const server = createServer((req, res) => {
    fetches++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(jwks()));
  });
  await new Promise((r) => server.listen(JWKS_PORT, "127.0.0.1", r));
  return { fetches: () => fetches, close: () => new Promise((r) => server.close(r)) };
}

/** Opens a client; resolves to it when open, rejects with the handshake's status otherwise. */
export function connect(url, tok, query = "") {
  return open(`${url}?token=${encodeURIComponent(tok)}${query}`);
}

/**
 * Opens a client that offers `protocols` in Sec-WebSocket-Protocol (the header transport: "switchboard.v2" and
 * "bearer.<JWT>"); `ws.upgradeHeaders` holds the 101's headers. Rejects with the handshake's status otherwise.
 */
export function connectOffering(url, protocols, query = "") {
  return open(`${url}${query ? "?" + query : ""}`, protocols);
}

function open(address, protocols) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(address, protocols);
    ws.on("upgrade", (res) => { ws.upgradeHeaders = res.headers; });
    ws.inbox = [];
    ws.waiters = [];
    ws.on("message", (m, binary) => {
      const f = binary ? { binary: true } : JSON.parse(m.toString());
      ws.inbox.push(f);
      ws.waiters = ws.waiters.filter((w) => !w(f));
    });
    ws.on("open", () => resolve(ws));
    ws.on("unexpected-response", (req, res) => {
      const e = new Error(`handshake answered ${res.statusCode}`);
      e.status = res.statusCode;
      reject(e);
    });
    ws.on("error", reject);
  });
}

/** The next frame on `ws` that matches `pred` (also one already received and not yet taken). */
export function next(ws, pred = () => true, timeoutMs = 5000) {
  const i = ws.inbox.findIndex(pred);
  if (i >= 0) return Promise.resolve(ws.inbox.splice(i, 1)[0]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching frame in ${timeoutMs} ms; inbox: `
      + JSON.stringify(ws.inbox).slice(0, 500))), timeoutMs);
    ws.waiters.push((f) => {
      if (!pred(f)) return false;
      clearTimeout(timer);
      ws.inbox.splice(ws.inbox.indexOf(f), 1);
      resolve(f);
      return true;
    });
  });
}

/** Sends a frame and waits for the first reply of `type` (or an error). */
export async function request(ws, frame, type) {
  ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  return next(ws, (f) => f.type === type || f.type === "error");
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function closed(ws) {
  return new Promise((r) => (ws.readyState === WebSocket.CLOSED ? r() : ws.on("close", (code) => r(code))));
}
