// One function instance: an HTTP server that upgrades `GET /STAGE` to a WebSocket once the token verified (the same
// verifier as the Cloudflare Worker, shared.mjs), keeps the connection (connections.mjs) and reaches the other
// instances through Redis. Locally it also serves dev tokens (settings.devTokens, set only by the local runner).

import { createServer, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { WebSocketServer } from "ws";
import {
  Code, errorFrame, handshakeToken, loopbackHost, offers, originAllowed, settings as parseSettings, signHs256, validRoom,
  verifierOf, VerifierUnavailable,
} from "./shared.mjs";
import { Connections, TooManyConnections } from "./connections.mjs";
import { Store } from "./store.mjs";
import { Sweeper } from "./sweeper.mjs";

const TOKEN_PATH = "/_switchboard/token";
const CROSS_ORIGIN = { code: "CROSS_ORIGIN", message: "Forbidden: the local function answers pages of its own loopback"
  + " origin and clients that send no Origin" };
const DEV_USER = /^[A-Za-z0-9_.@-]{1,64}$/;
/** The largest WebSocket message the function reads; the protocol's own limit is the smaller maxDataBytes. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Starts an instance on a port of 127.0.0.1: the local run (`local/instance.mjs`) and the tests. The deployed
 * function (`api/switchboard.mjs`) is the same {@link createInstance} without the listen.
 *
 * @param {object} o              as {@link createInstance}, and
 * @param {number} [o.port]       0 (default) for any free port
 * @returns {Promise<{port: number, close: Function}>}
 */
export async function startInstance(o) {
  const instance = await createInstance(o);
  await new Promise((resolve) => instance.server.listen(o.port ?? 0, "127.0.0.1", resolve));
  return { port: instance.server.address().port, close: instance.close };
}

/**
 * Builds an instance: its HTTP server with the upgrade handler, connected to Redis, heartbeat running; not listening.
 *
 * @param {object} o
 * @param {object} o.config       the rendered settings (VercelSettings: the Worker's settings and `vercel`)
 * @param {string} o.secret       the HS256 secret (JWT_SECRET)
 * @param {string} o.redisUrl     redis://HOST:PORT
 * @param {Function} [o.log]      receives one object per log line (default: JSON on stderr)
 * @param {Function} [o.serve]    local only: (req, res) => Promise<boolean>, answers plain requests it knows first
 * @returns {Promise<{server: import("node:http").Server, close: Function}>}
 */
export async function createInstance(o) {
  const s = parseSettings({ SWITCHBOARD: o.config });
  const maxDurationSeconds = o.config.vercel?.maxDurationSeconds;
  const closeMarginSeconds = o.config.vercel?.closeMarginSeconds ?? 0;
  if (!Number.isInteger(maxDurationSeconds) || maxDurationSeconds <= closeMarginSeconds) {
    throw new Error("SWITCHBOARD.vercel.maxDurationSeconds must be an integer above closeMarginSeconds:"
      + " render it with the vercel module");
  }
  if (!Number.isInteger(o.config.vercel.heartbeatMillis) || o.config.vercel.heartbeatMillis <= 0) {
    throw new Error("SWITCHBOARD.vercel.heartbeatMillis must be a positive integer: render it with the vercel module");
  }
  const log = o.log ?? ((line) => console.error(JSON.stringify(line)));
  const verify = verifierOf(s, o.secret);
  // Fail fast while Redis is away (no offline queue): the client gets INTERNAL at once rather than a frame that
  // waits; the clients reconnect by themselves and the subscriber re-subscribes its channels when Redis returns.
  const redisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResubscribe: true,
    retryStrategy: (times) => Math.min(times * 100, 1000) };
  const redis = new Redis(o.redisUrl, redisOptions);
  const subscriber = new Redis(o.redisUrl, redisOptions);
  for (const [name, client] of [["redis", redis], ["subscriber", subscriber]]) {
    let down = false;
    client.on("error", (e) => {
      if (!down) log({ event: "redis-unavailable", client: name, error: String(e) });
      down = true;
    });
    client.on("ready", () => {
      if (down) log({ event: "redis-available", client: name });
      down = false;
    });
  }
  await Promise.all([ready(redis), ready(subscriber)]);
  const instance = randomUUID();
  const store = new Store(redis);
  const connections = new Connections({ settings: s, store, subscriber, log, instance,
    maxDurationMillis: (maxDurationSeconds - closeMarginSeconds) * 1000 });
  const sweeper = new Sweeper({ store, instance, heartbeatMillis: o.config.vercel.heartbeatMillis, log,
    leave: (room, conn) => connections.announceLeave(room, conn), restore: () => connections.restore() });
  await sweeper.start();
  // answers the blueprint's subprotocol when offered (never a bearer offer: RFC 6455 section 4.2.2, one of the offers)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES,
    handleProtocols: (offered) => (offered.has(s.handshake.subprotocol) ? s.handshake.subprotocol : false) });

  const onRequest = async (req, res) => {
    const url = urlOf(req);
    if (s.devTokens && url.pathname === TOKEN_PATH && !originAllowed(fetchLike(req), url)) {
      return answer(res, 403, CROSS_ORIGIN);
    }
    if (o.serve && await o.serve(req, res)) return;
    if (url.pathname === "/" + s.stage || url.pathname === "/" + s.stage + "/") {
      return answer(res, 426, { message: "Upgrade Required" });
    }
    if (s.devTokens && req.method === "GET" && url.pathname === TOKEN_PATH) {
      if (!loopbackHost(fetchLike(req))) {
        return answer(res, 421, { code: "MISDIRECTED", message: "the dev token endpoint answers only Host 127.0.0.1,"
          + " localhost or [::1] (DNS rebinding guard)" });
      }
      return devToken(o.secret, s, url, req.headers.host).then(([status, body]) => answer(res, status, body));
    }
    answer(res, 404, { message: "Not Found" });
  };
  const server = createServer(onRequest);

  server.on("upgrade", async (req, socket, head) => {
    // Node hands every request with an Upgrade header here, h2c included (the JDK's HttpClient offers it on a plain
    // GET): anything but a WebSocket upgrade is answered as the plain request it also is
    if (req.headers.upgrade?.toLowerCase() !== "websocket") return answerPlain(req, socket, onRequest);
    const url = urlOf(req);
    if (url.pathname !== "/" + s.stage && url.pathname !== "/" + s.stage + "/") return refuse(socket, 404, "Not Found");
    const request = fetchLike(req);
    if (s.devTokens && !originAllowed(request, url)) return refuse(socket, 403, "Forbidden", CROSS_ORIGIN);
    const { transport, token } = handshakeToken(request, url, s.handshake);
    if (transport === "AMBIGUOUS") {
      log({ event: "authorize", outcome: "DENY", reason: "AMBIGUOUS_TOKEN", transport });
      return refuse(socket, 403, "Forbidden");
    }
    if (!token) return refuse(socket, 401, "Unauthorized");
    let verdict;
    try {
      verdict = await verify(token);
    } catch (e) {
      log({ event: "authorizer-failed", unavailable: e instanceof VerifierUnavailable, error: String(e) });
      return refuse(socket, 500, "Internal server error");
    }
    log({ event: "authorize", outcome: verdict.ok ? "ALLOW" : "DENY", reason: verdict.reason, alg: verdict.alg,
      kid: verdict.kid, transport });
    if (!verdict.ok) return refuse(socket, verdict.reason === "MISSING_TOKEN" ? 401 : 403, "Forbidden");
    const room = url.searchParams.get("room");
    if (room !== null && !validRoom(room)) return refuse(socket, 400, "Bad Request");
    // a browser fails a handshake whose answer names no protocol it offered: bearer without v2 is a bad request
    if (transport === "HEADER" && !offers(request).includes(s.handshake.subprotocol)) {
      return refuse(socket, 400, "Bad Request");
    }
    let conn;
    try {
      conn = await connections.prepare(verdict.sub, room);
    } catch (e) {
      if (e instanceof TooManyConnections) {
        return refuse(socket, 429, "Too Many Requests", errorFrame(Code.TOO_MANY_CONNECTIONS, e.message));
      }
      const requestId = randomUUID();
      log({ event: "connect-failed", requestId, error: String(e) });
      return refuse(socket, 500, "Internal server error");
    }
    let attached = false;
    socket.once("close", () => attached || connections.close(conn)); // the handshake failed after all
    wss.handleUpgrade(req, socket, head, (ws) => {
      attached = true;
      connections.attach(conn, ws);
    });
  });

  return {
    server,
    /** Stops: every connection closed with 1001 and removed from its rooms (presence leave), then Redis let go. */
    async close() {
      server.close();
      sweeper.stop();
      await connections.closeAll(1001, "server stopping");
      await store.forgetInstance(instance).catch(() => {});
      await Promise.allSettled([redis.quit(), subscriber.quit()]);
    },
  };
}

function ready(client) {
  return new Promise((resolve) => (client.status === "ready" ? resolve() : client.once("ready", resolve)));
}

function answer(res, status, body) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function answerPlain(req, socket, handler) {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket);
  res.on("finish", () => {
    res.detachSocket(socket);
    socket.destroySoon();
  });
  handler(req, res);
}

/** The request as the shared modules read it (Fetch's `headers.get`; Node joins repeated headers with ", "). */
function fetchLike(req) {
  return { headers: { get: (name) => req.headers[name.toLowerCase()] ?? null } };
}

/** The request's URL with its Host (the origin guard compares ports); a Host that is no host name gives localhost. */
function urlOf(req) {
  try {
    return new URL(req.url, "http://" + (req.headers.host ?? "localhost"));
  } catch {
    return new URL(req.url, "http://localhost");
  }
}

function refuse(socket, status, message, json = { message }) {
  const body = JSON.stringify(json);
  socket.end(`HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n` + body);
}

async function devToken(secret, s, url, host) {
  const user = url.searchParams.get("user");
  if (!user || !DEV_USER.test(user)) {
    return [400, { code: "BAD_USER", message: "pass ?user=NAME: 1-64 letters, digits, '.', '_', '-' or '@'" }];
  }
  const now = Math.floor(Date.now() / 1000);
  const token = await signHs256(secret, { sub: user, iss: s.auth.issuer, aud: s.auth.audience, iat: now, nbf: now,
    exp: now + 3600 });
  return [200, { user, token, websocket: `ws://${host}/${s.stage}` }];
}
