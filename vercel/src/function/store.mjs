// The shared state of every instance, in Redis: who is in which room, which users are connected, and the fan-out
// channels. Each change that must be atomic is one Lua script (one billed command), so two instances never see half
// of a join or a leave.
//
// Keys (the room or user between braces is the Redis Cluster hash tag, so each script touches one slot):
//   sb:r:{ROOM}:c  hash   connection id -> user id        (the room's member connections)
//   sb:r:{ROOM}:u  hash   user id -> member connections   (the room's users; HLEN is the count)
//   sb:r:{ROOM}:l  zset   user ids, score 0              (lexicographic pages of members, ZRANGEBYLEX)
//   sb:u:{USER}:c  set    connection ids of the user      (whisper's delivered count, maxConnectionsPerUser)
//   sb:u:{USER}:t  string the user's GCRA "theoretical arrival time", epoch ms (the per-user rate limit)
//   sb:i:{INST}:c  set    "connection id TAB user id" of an instance's connections  (sweeper.mjs)
//   sb:i:{INST}:r  set    rooms an instance has held members of                    (sweeper.mjs)
//   sb:instances   zset   instance id -> its last heartbeat, epoch ms                 (sweeper.mjs)
// A connection id is "INSTANCE.UUID", so the members of a crashed instance can be told apart in a room.
// Channels: sb:r:{ROOM} and sb:u:{USER}, messages {"x": excluded connection id, "t": frame text}.

const JOIN = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return {0, redis.call('HLEN', KEYS[2])} end
local n = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if n == 1 then redis.call('ZADD', KEYS[3], 0, ARGV[2]) end
return {n == 1 and 1 or 0, redis.call('HLEN', KEYS[2])}`;

const LEAVE = `
local user = redis.call('HGET', KEYS[1], ARGV[1])
if not user then return {0, '', 0, 0} end
redis.call('HDEL', KEYS[1], ARGV[1])
local before = redis.call('HLEN', KEYS[2])
local n = redis.call('HINCRBY', KEYS[2], user, -1)
if n <= 0 then
  redis.call('HDEL', KEYS[2], user)
  redis.call('ZREM', KEYS[3], user)
end
return {1, user, n <= 0 and 1 or 0, before}`;

const PUBLISH_COUNTED = `
redis.call('PUBLISH', KEYS[2], ARGV[1])
return redis.call(ARGV[2], KEYS[1])`;

const CONNECT = `
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1`;

// The GCRA of docs/protocol.md ("Rate limit") and cloudflare/src/worker/ratelimit.mjs, for a user whose connections
// are spread over instances: atomic here, on Redis's clock (one clock for every instance). A frame at `now` passes when
// tat <= now + (burst - 1) * interval; tat becomes max(tat, now) + interval and expires once the bucket is full again.
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat > now + (tonumber(ARGV[2]) - 1) * interval then return 0 end
tat = math.max(tat, now) + interval
redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1)
return 1`;

export const roomChannel = (room) => `sb:r:{${room}}`;
export const userChannel = (user) => `sb:u:{${user}}`;
const roomKeys = (room) => [`sb:r:{${room}}:c`, `sb:r:{${room}}:u`, `sb:r:{${room}}:l`];
const userConns = (user) => `sb:u:{${user}}:c`;
const userRate = (user) => `sb:u:{${user}}:t`;
const instanceConns = (iid) => `sb:i:{${iid}}:c`;
const instanceRooms = (iid) => `sb:i:{${iid}}:r`;
const instanceClaim = (iid) => `sb:i:{${iid}}:sweep`;
const INSTANCES = "sb:instances";

/** The Redis operations of the protocol; `redis` is an ioredis client that fails fast while Redis is away. */
export class Store {
  constructor(redis) {
    this.redis = redis;
    redis.defineCommand("sbJoin", { numberOfKeys: 3, lua: JOIN });
    redis.defineCommand("sbLeave", { numberOfKeys: 3, lua: LEAVE });
    redis.defineCommand("sbPublishCounted", { numberOfKeys: 2, lua: PUBLISH_COUNTED });
    redis.defineCommand("sbConnect", { numberOfKeys: 1, lua: CONNECT });
    redis.defineCommand("sbAdmit", { numberOfKeys: 1, lua: ADMIT });
  }

  /** Adds `conn` of `user` to `room` (idempotent): { first: the user's first connection there, count: users }. */
  async join(room, conn, user) {
    const [first, count] = await this.redis.sbJoin(...roomKeys(room), conn, user);
    return { first: first === 1, count };
  }

  /** Removes `conn` from `room`: null when it was no member, else { user, last, usersBefore }. */
  async leave(room, conn) {
    const [was, user, last, before] = await this.redis.sbLeave(...roomKeys(room), conn);
    return was === 1 ? { user, last: last === 1, usersBefore: before } : null;
  }

  /** Up to `size` user ids of `room` after `after` (exclusive; null for the first page) and whether more exist. */
  async page(room, after, size) {
    const users = await this.redis.zrangebylex(roomKeys(room)[2], after === null ? "-" : "(" + after, "+",
      "LIMIT", 0, size + 1);
    return { members: users.slice(0, size), more: users.length > size };
  }

  /** Publishes `text` to the room's instances; the number of member connections at that moment. */
  publishToRoom(room, exclude, text) {
    return this.redis.sbPublishCounted(roomKeys(room)[0], roomChannel(room), JSON.stringify({ x: exclude, t: text }),
      "HLEN");
  }

  /** Publishes `text` to the instances holding connections of `user`; the number of that user's connections. */
  publishToUser(user, exclude, text) {
    return this.redis.sbPublishCounted(userConns(user), userChannel(user), JSON.stringify({ x: exclude, t: text }),
      "SCARD");
  }

  /**
   * Records a connection of `user` held by instance `iid` unless the user already holds `max` connections; false
   * then, and nothing is stored.
   */
  async connected(iid, user, conn, max) {
    if ((await this.redis.sbConnect(userConns(user), conn, max)) === 0) return false;
    await this.redis.sadd(instanceConns(iid), conn + "\t" + user);
    return true;
  }

  /** Counts a frame of `user` against the user's rate limit; false when it must be refused. */
  async admit(user, ratePerSecond, burst) {
    return (await this.redis.sbAdmit(userRate(user), 1000 / ratePerSecond, burst)) === 1;
  }

  disconnected(iid, user, conn) {
    return this.redis.multi().srem(userConns(user), conn).srem(instanceConns(iid), conn + "\t" + user).exec();
  }

  /** Records that instance `iid` holds members of `room` (once per room per instance). */
  roomHeld(iid, room) {
    return this.redis.sadd(instanceRooms(iid), room);
  }

  heartbeat(iid, now) {
    return this.redis.zadd(INSTANCES, now, iid);
  }

  /** Instances whose last heartbeat is older than `before` (epoch ms). */
  silentInstances(before) {
    return this.redis.zrangebyscore(INSTANCES, "-inf", before);
  }

  /** True when this caller is the one to sweep `iid` (for `millis`). */
  async claim(iid, millis) {
    return (await this.redis.set(instanceClaim(iid), "1", "PX", millis, "NX")) === "OK";
  }

  /** What a swept instance held: its connections ([conn, user]) and the rooms it had members in. */
  async held(iid) {
    const [[, conns], [, rooms]] = await this.redis.multi().smembers(instanceConns(iid)).smembers(instanceRooms(iid))
      .exec();
    return { conns: conns.map((e) => e.split("\t")), rooms };
  }

  /** The member connection ids of `room` (a sweep only; never on a frame's path). */
  roomConnections(room) {
    return this.redis.hkeys(roomKeys(room)[0]);
  }

  forgetUserConnection(user, conn) {
    return this.redis.srem(userConns(user), conn);
  }

  /** Drops what instance `iid` recorded about itself. */
  forgetInstance(iid) {
    return this.redis.multi().del(instanceConns(iid), instanceRooms(iid), instanceClaim(iid)).zrem(INSTANCES, iid)
      .exec();
  }
}
