// The Worker's settings, rendered from the blueprint by the Java renderer (cloudflare/ module) into the
// SWITCHBOARD JSON binding; the HS256 secret is the JWT_SECRET secret binding. Nothing here is typed twice.

import { BUILT_IN_ACTIONS } from "./protocol.mjs";
import { checkUserIdRule } from "./userid.mjs";

const cache = new WeakMap();

/** The parsed settings of `env`, validated once per isolate. */
export function settings(env) {
  const raw = env.SWITCHBOARD;
  let s = cache.get(raw);
  if (s) return s;
  const c = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (!c || typeof c !== "object") throw new Error("SWITCHBOARD binding missing: render it with the cloudflare module");
  const l = c.limits;
  for (const k of ["maxDataBytes", "messageRatePerSecond", "messageBurst", "presenceMaxMembers", "membersPageSize",
    "maxTokenBytes", "maxConnectionsPerUser"]) {
    if (!Number.isInteger(l?.[k]) || l[k] <= 0) throw new Error(`SWITCHBOARD.limits.${k} must be a positive integer`);
  }
  const t = c.tokens;
  for (const k of ["clockSkewSeconds", "maxLifetimeSeconds", "latestTimeSeconds"]) {
    if (!Number.isInteger(t?.[k]) || t[k] <= 0) throw new Error(`SWITCHBOARD.tokens.${k} must be a positive integer`);
  }
  const unknown = (c.actions ?? []).filter((a) => !BUILT_IN_ACTIONS.includes(a));
  if (unknown.length) throw new Error(`SWITCHBOARD.actions: no built-in handler for ${unknown.join(", ")}`);
  const h = c.handshake;
  if (typeof h?.subprotocol !== "string" || typeof h?.bearerPrefix !== "string") {
    throw new Error("SWITCHBOARD.handshake.subprotocol and .bearerPrefix must be strings");
  }
  s = Object.freeze({
    stage: c.stage,
    shards: Number.isInteger(c.shards) && c.shards > 0 ? c.shards : 1,
    actions: new Set(c.actions),
    limits: Object.freeze({ ...l, rateWindowMillis: Math.round((l.messageBurst / l.messageRatePerSecond) * 1000) }),
    tokens: Object.freeze({ ...t }),
    userIds: checkUserIdRule(c.userIds),
    auth: Object.freeze({ issuer: c.auth?.issuer, audience: c.auth?.audience, jwksUrl: c.auth?.jwksUrl || undefined }),
    handshake: Object.freeze({ subprotocol: h.subprotocol, bearerPrefix: h.bearerPrefix }),
    devTokens: c.devTokens === true,
  });
  cache.set(raw, s);
  return s;
}

/** FNV-1a of the user id: which connection shard holds every connection of that user. */
export function shardOf(user, shards) {
  let h = 0x811c9dc5;
  for (let i = 0; i < user.length; i++) {
    h ^= user.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return "shard-" + (h % shards);
}
