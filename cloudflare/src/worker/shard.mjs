// A connection shard: the Durable Object that holds the WebSockets of the users hashed to it (every connection of
// a user lands on the same shard), through the Hibernation API. Per-connection state (user, id, the user's rate
// state as of its last counted frame) is the socket's attachment; the connection's rooms are rows in the shard's
// SQLite, so both survive hibernation. Because one shard holds all of a user's connections, it enforces the per-user
// limits exactly: at most maxConnectionsPerUser open sockets (429 TOO_MANY_CONNECTIONS on the upgrade) and one rate
// for all of them (this.rates, rebuilt after hibernation from the attachment with the latest state).

import { DurableObject } from "cloudflare:workers";
import {
  Code, ProtocolError, RATE_LIMITED_ACTIONS, ackFrame, decodeCursor, delivery, errorFrame, messageFrame, messageId,
  parseFrame, requireData, requireRoom, requireUser, whisperFrame,
} from "./protocol.mjs";
import { settings, shardOf } from "./config.mjs";
import { decodeIdentity, IDENTITY_HEADER } from "./identity.mjs";
import { admit, fresh } from "./ratelimit.mjs";
import { userIdProblem } from "./userid.mjs";

/** The exact ping frame the runtime answers without waking the object (setWebSocketAutoResponse). */
export const PING = '{"action":"ping"}';
export const PONG = '{"type":"pong"}';
/** Longest WebSocket tag (https://developers.cloudflare.com/durable-objects/api/websockets/, acceptWebSocket). */
const MAX_TAG_CHARS = 256;
const OPEN = 1; // WebSocket readyState OPEN (the WHATWG value)
const userTag = (user) => "u:" + user;

export class Shard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.settings = settings(env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS memberships (conn TEXT NOT NULL, room TEXT NOT NULL,
      PRIMARY KEY (conn, room))`);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    this.sockets = new Map(); // connection id -> WebSocket
    this.rates = new Map(); // user -> GCRA state shared by the user's connections (see rateOf)
    this.rooms = new Map(); // room -> Set of connection ids on this shard
    for (const ws of ctx.getWebSockets()) {
      const a = ws.deserializeAttachment();
      if (a?.c) this.sockets.set(a.c, ws);
    }
    for (const { conn, room } of this.sql.exec("SELECT conn, room FROM memberships")) {
      if (this.sockets.has(conn)) this.index(room).add(conn);
      else ctx.waitUntil(this.forget(conn)); // closed while no instance was there to see it
    }
    // one line per start of the object (first use, or waking after eviction): which state it rebuilt
    console.log(JSON.stringify({ event: "object-start", class: "Shard", id: ctx.id.toString(),
      sockets: this.sockets.size, rooms: this.rooms.size }));
  }

  index(room) {
    let s = this.rooms.get(room);
    if (!s) this.rooms.set(room, (s = new Set()));
    return s;
  }

  room(name) {
    return this.env.ROOM.get(this.env.ROOM.idFromName(name));
  }

  /** The upgrade, forwarded by the Worker after the token verified. */
  async fetch(request) {
    let identity;
    try {
      identity = decodeIdentity(request.headers.get(IDENTITY_HEADER));
    } catch {
      identity = null;
    }
    if (identity === null || userIdProblem(this.settings.userIds, identity.user) !== null
      || userTag(identity.user).length > MAX_TAG_CHARS) {
      return new Response('{"message": "Bad Request"}', { status: 400 });
    }
    const { user, room } = identity;
    const shard = shardOf(user, this.settings.shards);
    const max = this.settings.limits.maxConnectionsPerUser;
    if (this.socketsOf(user).filter((ws) => ws.readyState === OPEN).length >= max) {
      return new Response(JSON.stringify(errorFrame(Code.TOO_MANY_CONNECTIONS,
        `at most ${max} open connections per user`)), { status: 429, headers: { "content-type": "application/json" } });
    }
    const pair = new WebSocketPair();
    const conn = crypto.randomUUID();
    this.ctx.acceptWebSocket(pair[1], [userTag(user)]);
    const now = Date.now();
    const rate = this.rateOf(user) ?? fresh(now); // a new connection shares the user's rate, never refills it
    this.rates.set(user, rate);
    pair[1].serializeAttachment({ u: user, c: conn, s: shard, t: now, l: rate });
    this.sockets.set(conn, pair[1]);
    if (room) {
      try {
        await this.joinRoom(room, conn, user, shard, false);
      } catch (e) {
        console.error(JSON.stringify({ event: "connect-join-failed", room, error: String(e) }));
        this.sockets.delete(conn);
        pair[1].close(1011, "internal error");
        return new Response('{"message": "Internal server error"}', { status: 500 });
      }
    }
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws, message) {
    if (typeof message !== "string") {
      ws.close(1003, "binary frames are not supported");
      return;
    }
    const a = ws.deserializeAttachment();
    let reply;
    try {
      reply = await this.handle(ws, a, parseFrame(message, this.settings.actions));
    } catch (e) {
      if (e instanceof ProtocolError) {
        reply = errorFrame(e.code, e.message);
      } else {
        const id = crypto.randomUUID();
        console.error(JSON.stringify({ event: "internal-error", requestId: id, error: String(e), stack: e?.stack }));
        reply = errorFrame(Code.INTERNAL, `the server failed; quote request id ${id}`);
      }
    }
    if (reply) send(ws, JSON.stringify(reply));
  }

  async handle(ws, a, frame) {
    const action = frame.action;
    if (action === "ping") return { type: "pong" };
    if (RATE_LIMITED_ACTIONS.has(action)) this.admit(ws, a);
    switch (action) {
      case "join": {
        const room = requireRoom(frame);
        const r = await this.joinRoom(room, a.c, a.u, a.s, true);
        const reply = { type: "joined", room, count: r.count, members: r.members };
        if (r.next) reply.next = r.next;
        return reply;
      }
      case "leave": {
        const room = requireRoom(frame);
        if (!this.rooms.get(room)?.has(a.c)) throw notMember(room, "leaving");
        await this.leaveRoom(room, a.c);
        return { type: "left", room };
      }
      case "members": {
        const room = requireRoom(frame);
        const after = decodeCursor(frame.cursor, room);
        if (!this.rooms.get(room)?.has(a.c)) throw notMember(room, "listing the members of");
        const page = await this.room(room).members(room, after);
        const reply = { type: "members", room, members: page.members };
        if (page.next) reply.next = page.next;
        return reply;
      }
      case "send": {
        const room = requireRoom(frame);
        const d = delivery(frame);
        const data = requireData(frame, this.settings.limits.maxDataBytes);
        if (!this.rooms.get(room)?.has(a.c)) throw notMember(room, "sending to");
        const id = messageId();
        const text = JSON.stringify(messageFrame(room, a.u, id, Date.now(), d.cid, data));
        const delivered = await this.room(room).fanOut(room, text, a.c);
        return d.ack ? ackFrame(id, d.cid, delivered) : null;
      }
      case "whisper": {
        const to = requireUser(frame, "to", this.settings.userIds);
        const d = delivery(frame);
        const data = requireData(frame, this.settings.limits.maxDataBytes);
        const id = messageId();
        const text = JSON.stringify(whisperFrame(a.u, id, Date.now(), d.cid, data));
        const target = shardOf(to, this.settings.shards);
        const delivered = target === a.s ? this.deliverToUser(to, text, a.c)
          : await this.env.SHARD.get(this.env.SHARD.idFromName(target)).deliverToUser(to, text, a.c);
        return d.ack ? ackFrame(id, d.cid, delivered) : null;
      }
      default:
        throw new ProtocolError(Code.UNKNOWN_ACTION, `unknown action '${action}'`);
    }
  }

  /** Counts a frame against its user's rate limit, shared by all the user's connections (RATE_LIMITED over it). */
  admit(ws, a) {
    const { messageRatePerSecond, messageBurst } = this.settings.limits;
    const state = admit(this.rateOf(a.u), Date.now(), messageRatePerSecond, messageBurst);
    if (!state) {
      throw new ProtocolError(Code.RATE_LIMITED,
        `too many messages: at most ${messageBurst} at once and ${messageRatePerSecond} per second`);
    }
    this.rates.set(a.u, state);
    a.l = state;
    ws.serializeAttachment(a);
  }

  /**
   * The user's rate state: in memory, or after hibernation the latest one its sockets' attachments hold (the state
   * only moves forward, so the largest tat is the latest); null when the user has no socket here.
   */
  rateOf(user) {
    let s = this.rates.get(user);
    if (s) return s;
    for (const ws of this.socketsOf(user)) {
      const l = ws.deserializeAttachment()?.l;
      if (l && typeof l.tat === "number" && (!s || l.tat > s.tat)) s = l;
    }
    if (s) this.rates.set(user, s);
    return s ?? null;
  }

  /** Every WebSocket of `user` on this shard, by its tag (none for a user whose tag the runtime could not hold). */
  socketsOf(user) {
    const tag = userTag(user);
    return tag.length > MAX_TAG_CHARS ? [] : this.ctx.getWebSockets(tag);
  }

  async joinRoom(room, conn, user, shard, withPage) {
    const had = this.rooms.get(room)?.has(conn) ?? false;
    this.sql.exec("INSERT OR IGNORE INTO memberships (conn, room) VALUES (?, ?)", conn, room);
    this.index(room).add(conn);
    try {
      return await this.room(room).join(room, conn, user, shard, withPage);
    } catch (e) {
      if (!had) { // the room did not take it: neither side lists the membership
        this.sql.exec("DELETE FROM memberships WHERE conn = ? AND room = ?", conn, room);
        this.rooms.get(room)?.delete(conn);
      }
      throw e;
    }
  }

  async leaveRoom(room, conn) {
    this.sql.exec("DELETE FROM memberships WHERE conn = ? AND room = ?", conn, room);
    const s = this.rooms.get(room);
    s?.delete(conn);
    if (s?.size === 0) this.rooms.delete(room);
    await this.room(room).leave(room, conn);
  }

  /** Removes a closed connection from all its rooms (presence leave where it was the user's last). */
  async forget(conn) {
    this.sockets.delete(conn);
    const rooms = this.sql.exec("SELECT room FROM memberships WHERE conn = ?", conn).toArray().map((r) => r.room);
    await Promise.all(rooms.map((room) => this.leaveRoom(room, conn).catch((e) =>
      console.error(JSON.stringify({ event: "disconnect-leave-failed", room, error: String(e) })))));
  }

  async webSocketClose(ws, code) {
    const a = ws.deserializeAttachment();
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
    if (a?.c) await this.forget(a.c);
    this.dropRateIfGone(a?.u);
  }

  /**
   * Forgets a user's rate state once none of its sockets is open and its bucket is full again (tat in the past), so
   * that closing every connection and reconnecting never refills the bucket early.
   */
  dropRateIfGone(user) {
    const s = this.rates.get(user);
    if (s && s.tat <= Date.now() && !this.socketsOf(user).some((ws) => ws.readyState === OPEN)) {
      this.rates.delete(user);
    }
  }

  async webSocketError(ws) {
    const a = ws.deserializeAttachment();
    if (a?.c) await this.forget(a.c);
  }

  /** RPC from a Room: sends `text` to this shard's connections in `room` except `exclude`. */
  deliver(room, text, exclude) {
    let n = 0;
    for (const conn of this.rooms.get(room) ?? []) {
      if (conn !== exclude && send(this.sockets.get(conn), text)) n++;
    }
    return n;
  }

  /**
   * RPC from another shard (or a local call): sends `text` to every connection of `user` except `exclude`. Every
   * connection is tagged with its user (fetch refuses a user whose tag would not fit), so a user without a tag that
   * fits has no connection here: 0, without looking at any socket.
   */
  deliverToUser(user, text, exclude) {
    let n = 0;
    for (const ws of this.socketsOf(user)) {
      if (ws.deserializeAttachment()?.c !== exclude && send(ws, text)) n++;
    }
    return n;
  }
}

function notMember(room, doing) {
  return new ProtocolError(Code.NOT_A_MEMBER, `join room '${room}' before ${doing} it`);
}

function send(ws, text) {
  if (!ws) return false;
  try {
    ws.send(text);
    return true;
  } catch {
    return false;
  }
}
