// The Switchboard Worker: checks the token on the WebSocket upgrade and hands the connection to the connection
// shard of its user (a Durable Object). Locally it also serves the chat page and dev tokens (never in a deployment:
// the renderer sets devTokens only for workerd on 127.0.0.1).

import { settings, shardOf } from "./config.mjs";
import { signHs256, verifierOf, VerifierUnavailable } from "./jwt.mjs";
import { validRoom } from "./protocol.mjs";
import { handshakeToken, offers } from "./transport.mjs";
import { loopbackHost, originAllowed } from "./local.mjs";
import { encodeIdentity, IDENTITY_HEADER } from "./identity.mjs";
import { serveWeb } from "./web.mjs";

export { Shard } from "./shard.mjs";
export { Room } from "./room.mjs";

const TOKEN_PATH = "/_switchboard/token";
const DEV_USER = /^[A-Za-z0-9_.@-]{1,64}$/;
const verifiers = new WeakMap();

function json(status, body, headers = {}) {
  return new Response(typeof body === "string" ? body : JSON.stringify(body),
    { status, headers: { "content-type": "application/json", ...headers } });
}

function verifierFor(env, s) {
  let v = verifiers.get(s);
  if (!v) {
    v = verifierOf(s, env.JWT_SECRET);
    verifiers.set(s, v);
  }
  return v;
}

async function upgrade(request, env, s, url) {
  if (request.method !== "GET" || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return json(426, { message: "Upgrade Required" });
  }
  const { transport, token } = handshakeToken(request, url, s.handshake);
  if (transport === "AMBIGUOUS") {
    console.log(JSON.stringify({ event: "authorize", outcome: "DENY", reason: "AMBIGUOUS_TOKEN", transport }));
    return json(403, { message: "Forbidden" });
  }
  if (!token) return json(401, { message: "Unauthorized" });
  const offered = offers(request);
  const v2 = offered.includes(s.handshake.subprotocol);
  let verdict;
  try {
    verdict = await verifierFor(env, s)(token);
  } catch (e) {
    const unavailable = e instanceof VerifierUnavailable;
    console.error(JSON.stringify({ event: "authorizer-failed", unavailable, error: String(e) }));
    return json(500, { message: "Internal server error" });
  }
  console.log(JSON.stringify({ event: "authorize", outcome: verdict.ok ? "ALLOW" : "DENY", reason: verdict.reason,
    alg: verdict.alg, kid: verdict.kid, transport }));
  if (!verdict.ok) return json(verdict.reason === "MISSING_TOKEN" ? 401 : 403, { message: "Forbidden" });
  const room = url.searchParams.get("room");
  if (room !== null && !validRoom(room)) return json(400, { message: "Bad Request" });
  // a browser fails a handshake whose answer names no protocol it offered: bearer without v2 is a bad request
  if (transport === "HEADER" && !v2) return json(400, { message: "Bad Request" });
  const headers = new Headers({ upgrade: "websocket", [IDENTITY_HEADER]: encodeIdentity(verdict.sub, room) });
  const stub = env.SHARD.get(env.SHARD.idFromName(shardOf(verdict.sub, s.shards)));
  const opened = await stub.fetch(new Request(url.origin + "/connect", { headers }));
  if (!v2 || opened.status !== 101) return opened;
  return new Response(null, { status: 101, webSocket: opened.webSocket,
    headers: { "sec-websocket-protocol": s.handshake.subprotocol } });
}

async function devToken(env, s, url, request) {
  const user = url.searchParams.get("user");
  if (!user || !DEV_USER.test(user)) {
    return json(400, { code: "BAD_USER", message: "pass ?user=NAME: 1-64 letters, digits, '.', '_', '-' or '@'" });
  }
  const now = Math.floor(Date.now() / 1000);
  const token = await signHs256(env.JWT_SECRET, { sub: user, iss: s.auth.issuer, aud: s.auth.audience, iat: now,
    nbf: now, exp: now + 3600 });
  const host = request.headers.get("host") ?? url.host;
  return json(200, { user, token, websocket: `ws://${host}/${s.stage}` }, { "cache-control": "no-store" });
}

export default {
  async fetch(request, env) {
    const s = settings(env);
    const url = new URL(request.url);
    const path = url.pathname;
    const upgrading = path === "/" + s.stage || path === "/" + s.stage + "/";
    if (s.devTokens && (upgrading || path === TOKEN_PATH) && !originAllowed(request, url)) {
      return json(403, { code: "CROSS_ORIGIN", message: "Forbidden: the local Worker answers pages of its own"
        + " loopback origin and clients that send no Origin" });
    }
    if (upgrading) return upgrade(request, env, s, url);
    if (s.devTokens && request.method === "GET") {
      if (path === TOKEN_PATH && !loopbackHost(request)) {
        return json(421, { code: "MISDIRECTED", message: "the dev token endpoint answers only Host 127.0.0.1,"
          + " localhost or [::1] (DNS rebinding guard)" });
      }
      if (path === TOKEN_PATH) return devToken(env, s, url, request);
      const asset = await serveWeb(env, path);
      if (asset) return asset;
    }
    return json(404, { message: "Not Found" });
  },
};
