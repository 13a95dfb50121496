// Reconnect and re-join after the server closes the connection, against the platforms with a management API (the
// local AWS API: DeleteConnection, as API Gateway's @connections API does it), and what happens to frames meanwhile.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { client, fresh, next, NO_TARGETS, rejection, TARGETS } from './servers.mjs';

const managed = TARGETS.filter((t) => t.management);

for (const target of managed.length ? managed : [{ name: 'no target' }]) {
  const skip = NO_TARGETS || (managed.length ? false : 'no target with a management API');
  describe(target.name + ' reconnects', { skip, timeout: 60_000 }, () => {
    const open = [];
    const connect = async (sub, opts) => {
      const c = client(target, sub, opts);
      open.push(c);
      await c.opened;
      return c;
    };
    after(() => open.forEach((c) => c.close()));

    async function deleteConnection(c) {
      const { connectionId } = await c.ping();
      const r = await fetch(target.management + '/' + encodeURIComponent(connectionId), { method: 'DELETE' });
      assert.equal(r.status, 204, 'DeleteConnection answered ' + r.status);
    }

    test('DeleteConnection: a fresh token, the rooms re-joined, a gap event; frames queued meanwhile are delivered', async () => {
      const room = fresh('room');
      const aliceId = fresh('alice');
      const alice = await connect(aliceId);
      const bob = await connect(fresh('bob'));
      await alice.join(room);
      await bob.join(room);
      const tokensBefore = alice.calls.tokens;
      const queued = [];
      alice.once('reconnecting', () => {
        queued.push(alice.send(room, 'sent while away'));
      });
      const left = next(bob, 'presence', (p) => p.user === aliceId && p.event === 'leave');
      const rejoinedSeen = next(bob, 'presence', (p) => p.user === aliceId && p.event === 'join');
      const reopened = next(alice, 'open', (e) => e.reconnected);
      const gap = next(alice, 'gap');
      const arrived = next(bob, 'message', (m) => m.data === 'sent while away');
      await deleteConnection(alice);
      await left;
      await reopened;
      const g = await gap;
      assert.deepEqual(g.rooms, [room]);
      assert.ok(g.to >= g.from, 'the gap has a start and an end');
      await rejoinedSeen;
      assert.equal(alice.calls.tokens, tokensBefore + 1, 'one token per attempt');
      assert.equal(queued.length, 1);
      assert.equal((await queued[0]).delivered, 1);
      await arrived;
      assert.equal((await alice.send(room, 'after')).delivered, 1);
    });

    test('a send in flight when the socket drops rejects with CONNECTION_LOST; the client reconnects', async () => {
      const alice = await connect(fresh('alice'));
      const room = fresh('room');
      await alice.join(room);
      const reopened = next(alice, 'open', (e) => e.reconnected);
      // API Gateway closes the connection (1009) on a frame over 32 KB: this send is in flight when it does (random
      // letters: ws offers permessage-deflate, and the limit applies to the frame as it arrives)
      const noise = randomBytes(40 * 1024).toString('base64url');
      const lost = await rejection(alice.send(room, noise));
      assert.equal(lost.code, 'CONNECTION_LOST');
      assert.equal(lost.action, 'send');
      assert.ok(lost.cid, 'the error names the cid, for a re-send the receivers can drop as a duplicate');
      await reopened;
      assert.deepEqual(alice.rooms, [room]);
      assert.equal((await alice.send(room, 'back')).delivered, 0);
    });

    test('while disconnected, sends queue up to maxQueued; one more rejects with QUEUE_FULL', async () => {
      const alice = await connect(fresh('alice'), { maxQueued: 3 });
      const room = fresh('room');
      await alice.join(room);
      let settled;
      alice.once('reconnecting', () => {
        settled = Promise.allSettled([0, 1, 2, 3].map((i) => alice.send(room, i)));
      });
      const gap = next(alice, 'gap');
      await deleteConnection(alice);
      await gap;
      const results = await settled;
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
      assert.equal(results[3].reason.code, 'QUEUE_FULL');
    });
  });
}
