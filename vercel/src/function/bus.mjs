// This instance's side of the fan-out: it subscribes to a room's channel while it holds a member connection of that
// room, and to a user's channel while it holds a connection of that user, and hands each published frame to its own
// sockets. Redis pub/sub, not streams: a frame is for the connections open now (the protocol keeps no history, and a
// client that reconnects re-joins and may have missed frames), so fire-and-forget delivery to the instances
// subscribed at that moment is the whole need, at one command per send; streams would add a log to trim and a
// cursor per instance for nothing the protocol promises (docs/vercel.md, "Fan-out").

import { roomChannel, userChannel } from "./store.mjs";

/** Channel subscriptions counted per local connection; `deliver(channel, exclude, text)` is called per message. */
export class Bus {
  constructor(subscriber, deliver) {
    this.subscriber = subscriber;
    this.counts = new Map();
    this.ready = new Map(); // channel -> the subscription's promise, awaited by every holder
    subscriber.on("message", (channel, message) => {
      let m;
      try {
        m = JSON.parse(message);
      } catch {
        return;
      }
      deliver(channel, m.x, m.t);
    });
  }

  /** Holds the channel for one more local connection; resolves once Redis confirmed the subscription. */
  async hold(channel) {
    const n = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, n);
    if (n === 1) this.ready.set(channel, this.subscriber.subscribe(channel));
    try {
      await this.ready.get(channel);
    } catch (e) {
      this.release(channel);
      throw e;
    }
  }

  /** Lets go of the channel for one local connection; unsubscribes after the last. */
  release(channel) {
    const n = (this.counts.get(channel) ?? 0) - 1;
    if (n > 0) {
      this.counts.set(channel, n);
      return;
    }
    this.counts.delete(channel);
    this.ready.delete(channel);
    this.subscriber.unsubscribe(channel).catch(() => {}); // a lost unsubscribe only costs ignored messages
  }

  holdRoom(room) {
    return this.hold(roomChannel(room));
  }

  releaseRoom(room) {
    this.release(roomChannel(room));
  }

  holdUser(user) {
    return this.hold(userChannel(user));
  }

  releaseUser(user) {
    this.release(userChannel(user));
  }
}
