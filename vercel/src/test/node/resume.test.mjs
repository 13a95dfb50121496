// The JavaScript client against the Vercel function's maximum duration (run by JsClientOnVercelTest with a 3 s
// duration): the server closes with 1001 "max-duration", the client reconnects with a fresh token, re-joins its
// rooms, reports the gap, and delivery across instances works again (docs/protocol.md, "Maximum connection duration
// and resuming").
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { client, fresh, next, NO_TARGETS, TARGETS } from '../../../../clients/js/test/servers.mjs';

for (const target of TARGETS.length ? TARGETS : [{ name: 'no target' }]) {
  describe(target.name + ' at the maximum duration', { skip: NO_TARGETS, timeout: 30_000 }, () => {
    const open = [];
    after(() => open.forEach((c) => c.close()));

    test('the client reconnects, re-joins and is reached again after the server closes at the maximum duration',
      async () => {
        const room = fresh('room');
        const alice = client(target, fresh('alice'));
        const bob = client(target, fresh('bob'));
        open.push(alice, bob);
        const dropped = next(alice, 'reconnecting', () => true, 10_000);
        const reopened = next(alice, 'open', (e) => e.reconnected, 10_000);
        const gap = next(alice, 'gap', () => true, 10_000);
        await alice.opened;
        await alice.join(room);
        await bob.opened;
        await bob.join(room);
        const tokensBefore = alice.calls.tokens;

        const d = await dropped;
        await reopened;
        const g = await gap;

        assert.equal(d.code, 1001, 'the server\'s close: ' + JSON.stringify(d));
        assert.match(d.reason, /^max-duration/);
        assert.deepEqual(g.rooms, [room]);
        assert.ok(alice.calls.tokens > tokensBefore, 'a fresh token for the new connection');
        const deadline = Date.now() + 8000; // bob is cut and re-joins on his own clock
        let delivered = 0;
        while (delivered !== 1 && Date.now() < deadline) {
          delivered = (await alice.send(room, 'after the cut')).delivered;
          if (delivered !== 1) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(delivered, 1, 'bob, re-joined, is reached again');
      });
  });
}
