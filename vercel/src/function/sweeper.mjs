// Instances that crash leave their connections in Redis (members listed, counted and published to, with nobody
// reading). Each instance records a heartbeat every `heartbeatMillis`; on each beat it also looks for instances silent
// for three beats, claims one at a time (so two sweepers do not announce the same leave twice) and removes that
// instance's connections from their rooms (presence `leave` where it was a user's last connection) and users.
//
// Two guards keep a live instance from losing its members: an instance sweeps only after it has itself beaten for
// three beats without a failure (after a Redis outage every instance looks silent until it beats again), and an
// instance whose heartbeat finds it missing from the registry (swept after a stall, or Redis back empty) calls
// `restore` to write its connections and memberships again.

/**
 * Heartbeat and sweep of one instance; `leave(room, conn)` removes a member and announces it, `restore()` writes this
 * instance's connections to Redis again.
 */
export class Sweeper {
  constructor({ store, instance, heartbeatMillis, leave, restore, log }) {
    this.restore = restore;
    this.beatingSince = null; // since when the heartbeats succeed without a failure
    this.beaten = false; // whether this instance has recorded a heartbeat before
    this.store = store;
    this.instance = instance;
    this.heartbeatMillis = heartbeatMillis;
    this.leave = leave;
    this.log = log;
    this.timer = null;
    this.running = false;
    this.failing = false;
  }

  start() {
    this.timer = setInterval(() => this.tick(), this.heartbeatMillis);
    this.timer.unref();
    return this.tick();
  }

  stop() {
    clearInterval(this.timer);
  }

  async tick() {
    if (this.running) return;
    this.running = true;
    try {
      const now = Date.now();
      const absent = (await this.store.heartbeat(this.instance, now)) === 1;
      this.failing = false;
      if (absent && this.beaten) {
        await this.restore();
        this.log({ event: "instance-restored", instance: this.instance });
      }
      this.beaten = true;
      this.beatingSince ??= now;
      if (now - this.beatingSince < 3 * this.heartbeatMillis) return;
      for (const other of await this.store.silentInstances(now - 3 * this.heartbeatMillis)) {
        if (other !== this.instance && await this.store.claim(other, 10 * this.heartbeatMillis)) await this.sweep(other);
      }
    } catch (e) {
      if (!this.failing) this.log({ event: "sweep-failed", error: String(e) });
      this.failing = true;
      this.beatingSince = null;
    } finally {
      this.running = false;
    }
  }

  async sweep(other) {
    const { conns, rooms } = await this.store.held(other);
    const prefix = other + ".";
    let members = 0;
    for (const room of rooms) {
      for (const conn of await this.store.roomConnections(room)) {
        if (conn.startsWith(prefix)) {
          await this.leave(room, conn);
          members++;
        }
      }
    }
    for (const [conn, user] of conns) await this.store.forgetUserConnection(user, conn);
    await this.store.forgetInstance(other);
    this.log({ event: "instance-swept", instance: other, connections: conns.length, memberships: members });
  }
}
