// The connections pinned to this instance and the frames they send (docs/protocol.md v2). What only this instance
// needs stays in memory: the sockets and each connection's rooms (it answers NOT_A_MEMBER without a round trip).
// What the user's other connections, on other instances, share is in Redis (store.mjs): rooms, presence, the
// per-user connection count and rate limit; frames reach other instances through pub/sub (bus.mjs).

import { randomUUID } from "node:crypto";
import {
  ackFrame, Code, decodeCursor, delivery, encodeCursor, errorFrame, messageFrame, messageId, parseFrame, presenceFrame,
  ProtocolError, RATE_LIMITED_ACTIONS, requireData, requireRoom, requireUser, whisperFrame,
} from "./shared.mjs";
import { Bus } from "./bus.mjs";

const PONG = '{"type":"pong"}';

/** Thrown by prepare when the user already holds maxConnectionsPerUser connections (the handshake answers 429). */
export class TooManyConnections extends Error {}

/** The close the server sends before the platform's maximum duration ends the connection (docs/protocol.md). */
export const MAX_DURATION_CLOSE = Object.freeze({ code: 1001, reason: "max-duration: reconnect and join again" });

/** Every connection of this instance; `settings` from config.mjs, `store` a Store, `log` a JSON line logger. */
export class Connections {
  constructor({ settings, store, subscriber, log, maxDurationMillis, instance }) {
    this.instance = instance; // this instance's id: the prefix of its connection ids
    this.heldRooms = new Set(); // rooms recorded in Redis as held by this instance (sweeper.mjs)
    this.settings = settings;
    this.store = store;
    this.log = log;
    this.maxDurationMillis = maxDurationMillis;
    this.byId = new Map(); // conn -> { ws, user, rooms: Set, limit, timer }
    this.rooms = new Map(); // room -> Set of local conns
    this.users = new Map(); // user -> Set of local conns
    this.bus = new Bus(subscriber, (channel, exclude, text) => this.deliver(channel, exclude, text));
  }

  /**
   * Registers a connection of `user` before its upgrade completes (joining `room` when not null), so that a Redis
   * failure answers the handshake with 500 as docs/protocol.md says; throws then. The connection id.
   */
  async prepare(user, room) {
    const conn = this.instance + "." + randomUUID();
    const c = { ws: null, user, rooms: new Set(), timer: null };
    await this.bus.holdUser(user);
    const max = this.settings.limits.maxConnectionsPerUser;
    let stored;
    try {
      stored = await this.store.connected(this.instance, user, conn, max);
    } catch (e) {
      this.bus.releaseUser(user);
      throw e;
    }
    if (!stored) {
      this.bus.releaseUser(user);
      throw new TooManyConnections(`at most ${max} open connections per user`);
    }
    this.byId.set(conn, c);
    addTo(this.users, user, conn);
    if (room !== null) {
      try {
        await this.join(conn, c, room);
      } catch (e) {
        await this.close(conn);
        throw e;
      }
    }
    return conn;
  }

  /** Gives a prepared connection its socket; the maximum duration counts from here. */
  attach(conn, ws) {
    const c = this.byId.get(conn);
    if (!c) {
      ws.close(1011, "internal error");
      return;
    }
    c.ws = ws;
    c.timer = setTimeout(() => ws.close(MAX_DURATION_CLOSE.code, MAX_DURATION_CLOSE.reason), this.maxDurationMillis);
    // one frame at a time per connection, in arrival order, as a client reads the replies (a send right after a join
    // is judged after the join, not beside it)
    let queue = Promise.resolve();
    ws.on("message", (data, isBinary) => {
      queue = queue.then(() => this.onMessage(conn, c, data, isBinary));
    });
    ws.on("close", () => this.close(conn));
    ws.on("error", () => this.close(conn));
  }

  async onMessage(conn, c, data, isBinary) {
    if (isBinary) {
      c.ws.close(1003, "binary frames are not supported");
      return;
    }
    let reply;
    try {
      reply = await this.handle(conn, c, parseFrame(data.toString("utf8"), this.settings.actions));
    } catch (e) {
      if (e instanceof ProtocolError) {
        reply = errorFrame(e.code, e.message);
      } else {
        const requestId = randomUUID();
        this.log({ event: "internal-error", requestId, error: String(e) });
        reply = errorFrame(Code.INTERNAL, `the server failed; quote request id ${requestId}`);
      }
    }
    if (reply) send(c.ws, typeof reply === "string" ? reply : JSON.stringify(reply));
  }

  async handle(conn, c, frame) {
    const action = frame.action;
    if (action === "ping") return PONG;
    if (RATE_LIMITED_ACTIONS.has(action)) await this.admit(c);
    const { limits, userIds } = this.settings;
    switch (action) {
      case "join": {
        const room = requireRoom(frame);
        const count = await this.join(conn, c, room);
        const page = await this.page(room, null);
        return { type: "joined", room, count, ...page };
      }
      case "leave": {
        const room = requireRoom(frame);
        if (!c.rooms.has(room)) throw notMember(room, "leaving");
        await this.leave(conn, c, room);
        return { type: "left", room };
      }
      case "members": {
        const room = requireRoom(frame);
        const after = decodeCursor(frame.cursor, room);
        if (!c.rooms.has(room)) throw notMember(room, "listing the members of");
        return { type: "members", room, ...(await this.page(room, after)) };
      }
      case "send": {
        const room = requireRoom(frame);
        const d = delivery(frame);
        const data = requireData(frame, limits.maxDataBytes);
        if (!c.rooms.has(room)) throw notMember(room, "sending to");
        const id = messageId();
        const text = JSON.stringify(messageFrame(room, c.user, id, Date.now(), d.cid, data));
        const members = await this.store.publishToRoom(room, conn, text);
        return d.ack ? ackFrame(id, d.cid, Math.max(0, members - 1)) : null;
      }
      case "whisper": {
        const to = requireUser(frame, "to", userIds);
        const d = delivery(frame);
        const data = requireData(frame, limits.maxDataBytes);
        const id = messageId();
        const text = JSON.stringify(whisperFrame(c.user, id, Date.now(), d.cid, data));
        const conns = await this.store.publishToUser(to, conn, text);
        return d.ack ? ackFrame(id, d.cid, Math.max(0, conns - (to === c.user ? 1 : 0))) : null;
      }
      default:
        throw new ProtocolError(Code.UNKNOWN_ACTION, `unknown action '${action}'`);
    }
  }

  /** Counts a frame against its user's rate limit, shared by all the user's connections (RATE_LIMITED over it). */
  async admit(c) {
    const { messageRatePerSecond, messageBurst } = this.settings.limits;
    if (!(await this.store.admit(c.user, messageRatePerSecond, messageBurst))) {
      throw new ProtocolError(Code.RATE_LIMITED,
        `too many messages: at most ${messageBurst} at once and ${messageRatePerSecond} per second`);
    }
  }

  /** Joins (idempotent); subscribes first, so no frame published after the join is missed. The user count. */
  async join(conn, c, room) {
    const had = c.rooms.has(room);
    if (!had) {
      if (!this.heldRooms.has(room)) {
        await this.store.roomHeld(this.instance, room);
        this.heldRooms.add(room);
      }
      await this.bus.holdRoom(room);
      c.rooms.add(room);
      addTo(this.rooms, room, conn);
    }
    let r;
    try {
      r = await this.store.join(room, conn, c.user);
    } catch (e) {
      if (!had) this.forgetRoom(conn, c, room);
      throw e;
    }
    const max = this.settings.limits.presenceMaxMembers;
    if (r.first && r.count > 1 && r.count <= max) {
      await this.store.publishToRoom(room, conn, JSON.stringify(presenceFrame(room, c.user, "join")));
    }
    return r.count;
  }

  async leave(conn, c, room) {
    this.forgetRoom(conn, c, room);
    await this.announceLeave(room, conn);
  }

  /** Removes `conn` from `room` in Redis and announces the leave where it was its user's last connection. */
  async announceLeave(room, conn) {
    const r = await this.store.leave(room, conn);
    if (r?.last && r.usersBefore > 1 && r.usersBefore <= this.settings.limits.presenceMaxMembers) {
      await this.store.publishToRoom(room, conn, JSON.stringify(presenceFrame(room, r.user, "leave")));
    }
  }

  forgetRoom(conn, c, room) {
    c.rooms.delete(room);
    removeFrom(this.rooms, room, conn);
    this.bus.releaseRoom(room);
  }

  async page(room, after) {
    const p = await this.store.page(room, after, this.settings.limits.membersPageSize);
    const out = { members: p.members };
    if (p.more) out.next = encodeCursor(room, p.members[p.members.length - 1]);
    return out;
  }

  /** Leaves every room of a closed connection (presence leave where it was the user's last). */
  async close(conn) {
    const c = this.byId.get(conn);
    if (!c) return;
    this.byId.delete(conn);
    clearTimeout(c.timer);
    removeFrom(this.users, c.user, conn);
    this.bus.releaseUser(c.user);
    const work = [...c.rooms].map((room) => this.leave(conn, c, room));
    work.push(this.store.disconnected(this.instance, c.user, conn));
    for (const r of await Promise.allSettled(work)) {
      if (r.status === "rejected") this.log({ event: "disconnect-cleanup-failed", error: String(r.reason) });
    }
  }

  /** A published frame: to this instance's connections of the channel's room or user, except `exclude`. */
  deliver(channel, exclude, text) {
    const local = channel.startsWith("sb:r:") ? this.rooms.get(roomOf(channel)) : this.users.get(userOf(channel));
    for (const conn of local ?? []) {
      if (conn !== exclude) send(this.byId.get(conn)?.ws, text);
    }
  }

  /**
   * Writes this instance's connections and memberships to Redis again, after Redis came back (it may have come back
   * empty): the sockets here are the truth. No presence is announced: the members did not change.
   */
  async restore() {
    this.heldRooms.clear();
    for (const [conn, c] of this.byId) {
      await this.store.connected(this.instance, c.user, conn, Number.MAX_SAFE_INTEGER); // they are open: no cap
      for (const room of c.rooms) {
        if (!this.heldRooms.has(room)) {
          await this.store.roomHeld(this.instance, room);
          this.heldRooms.add(room);
        }
        await this.store.join(room, conn, c.user);
      }
    }
  }

  /** Closes every socket (the instance stops) and forgets every connection in Redis; resolves when done. */
  async closeAll(code, reason) {
    const conns = [...this.byId.entries()];
    for (const [, c] of conns) c.ws?.close(code, reason);
    await Promise.all(conns.map(([conn]) => this.close(conn)));
  }
}

const roomOf = (channel) => channel.slice("sb:r:{".length, -1);
const userOf = (channel) => channel.slice("sb:u:{".length, -1);

function notMember(room, doing) {
  return new ProtocolError(Code.NOT_A_MEMBER, `join room '${room}' before ${doing} it`);
}

function addTo(map, key, conn) {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(conn);
}

function removeFrom(map, key, conn) {
  const s = map.get(key);
  s?.delete(conn);
  if (s?.size === 0) map.delete(key);
}

function send(ws, text) {
  if (!ws || ws.readyState !== 1) return false;
  ws.send(text);
  return true;
}
