// A room: one Durable Object per room name. It holds the room's members (connection, user, shard) in SQLite and
// fans a frame out with one call per connection shard that has members, not one per connection.

import { DurableObject } from "cloudflare:workers";
import { encodeCursor, presenceFrame } from "./protocol.mjs";
import { settings } from "./config.mjs";

export class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS members (conn TEXT PRIMARY KEY, user TEXT NOT NULL, shard TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS members_user ON members (user)`);
    this.users = new Map(); // user -> connections in the room
    this.shards = new Map(); // shard -> connections in the room
    for (const row of this.sql.exec("SELECT user, shard FROM members")) {
      this.users.set(row.user, (this.users.get(row.user) ?? 0) + 1);
      this.shards.set(row.shard, (this.shards.get(row.shard) ?? 0) + 1);
    }
    console.log(JSON.stringify({ event: "object-start", class: "Room", id: ctx.id.toString(),
      users: this.users.size }));
  }

  /** Adds a connection (idempotent); presence join on the user's first connection. Returns count and a page. */
  async join(room, conn, user, shard, withPage) {
    const existed = this.sql.exec("SELECT 1 FROM members WHERE conn = ?", conn).toArray().length > 0;
    if (!existed) {
      this.sql.exec("INSERT INTO members (conn, user, shard) VALUES (?, ?, ?)", conn, user, shard);
      const first = !this.users.has(user);
      this.users.set(user, (this.users.get(user) ?? 0) + 1);
      this.shards.set(shard, (this.shards.get(shard) ?? 0) + 1);
      if (first && this.users.size <= settings(this.env).limits.presenceMaxMembers && this.users.size > 1) {
        await this.fanOut(room, JSON.stringify(presenceFrame(room, user, "join")), conn);
      }
    }
    return withPage ? { count: this.users.size, ...this.page(room, null) } : { count: this.users.size };
  }

  /** Removes a connection; presence leave on the user's last one. False when it was no member. */
  async leave(room, conn) {
    const row = this.sql.exec("SELECT user, shard FROM members WHERE conn = ?", conn).toArray()[0];
    if (!row) return false;
    const usersBefore = this.users.size;
    this.sql.exec("DELETE FROM members WHERE conn = ?", conn);
    const left = decrement(this.users, row.user) === 0;
    decrement(this.shards, row.shard);
    if (left && this.users.size > 0 && usersBefore <= settings(this.env).limits.presenceMaxMembers) {
      await this.fanOut(room, JSON.stringify(presenceFrame(room, row.user, "leave")), conn);
    }
    return true;
  }

  /** One page of the room's users after `after` (a user id) in id order. */
  page(room, after) {
    const size = settings(this.env).limits.membersPageSize;
    const rows = after === null
      ? this.sql.exec("SELECT DISTINCT user FROM members ORDER BY user LIMIT ?", size + 1).toArray()
      : this.sql.exec("SELECT DISTINCT user FROM members WHERE user > ? ORDER BY user LIMIT ?", after, size + 1)
        .toArray();
    const members = rows.slice(0, size).map((r) => r.user);
    return rows.length > size ? { members, next: encodeCursor(room, members[members.length - 1]) } : { members };
  }

  members(room, after) {
    return this.page(room, after);
  }

  /** Sends `text` to every member connection except `exclude`; resolves to the number of connections reached. */
  async fanOut(room, text, exclude) {
    const calls = [...this.shards.keys()].map((shard) =>
      this.env.SHARD.get(this.env.SHARD.idFromName(shard)).deliver(room, text, exclude)
        .catch((e) => {
          console.error(JSON.stringify({ event: "fanout-failed", room, shard, error: String(e) }));
          return 0;
        }));
    return (await Promise.all(calls)).reduce((a, b) => a + b, 0);
  }
}

function decrement(map, key) {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
  return n;
}
