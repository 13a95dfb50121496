// The same scenarios against every platform JsClientSuiteTest started (the local AWS API, the Worker in workerd):
// both token transports, join/send/ack, whisper, member pages, presence, the client-causable error codes and an
// expired token. BAD_JSON and UNKNOWN_ACTION cannot be caused through the client (it writes only valid frames), nor can
// MISSING_FIELD (it refuses such arguments itself with BAD_ARGUMENT, shown below).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SwitchboardClient } from '../lib/switchboard.js';
import { client, fresh, NO_TARGETS, next, rejection, TARGETS, token, WebSocket } from './servers.mjs';

for (const target of TARGETS.length ? TARGETS : [{ name: 'no target' }]) {
  describe(target.name, { skip: NO_TARGETS, timeout: 60_000 }, () => {
    const open = [];
    const connect = async (sub, opts) => {
      const c = client(target, sub, opts);
      open.push(c);
      await c.opened;
      return c;
    };
    after(() => open.forEach((c) => c.close()));

    test('query transport: join, send with an ack, the other member gets the message', async () => {
      const room = fresh('room');
      const aliceId = fresh('alice');
      const alice = await connect(aliceId);
      const bob = await connect(fresh('bob'));
      assert.equal(alice.transport, 'query');
      const joined = await alice.join(room);
      assert.equal(joined.room, room);
      await bob.join(room);
      const got = next(bob, 'message', (m) => m.room === room);
      const ack = await alice.send(room, { text: 'hi' });
      assert.equal(ack.delivered, 1);
      assert.equal(typeof ack.id, 'string');
      const m = await got;
      assert.deepEqual(m.data, { text: 'hi' });
      assert.equal(m.from, aliceId);
      assert.equal(m.cid, ack.cid);
      assert.deepEqual(alice.rooms, [room]);
    });

    test('whisper: the user gets it, the ack counts its connections; nobody home answers delivered 0', async () => {
      const bobId = fresh('bob');
      const alice = await connect(fresh('alice'));
      const bob = await connect(bobId);
      const got = next(bob, 'whisper');
      const ack = await alice.whisper(bobId, 'psst', { cid: 'w-1' });
      assert.deepEqual({ delivered: ack.delivered, cid: ack.cid }, { delivered: 1, cid: 'w-1' });
      const w = await got;
      assert.equal(w.data, 'psst');
      assert.equal(w.cid, 'w-1');
      assert.equal((await alice.whisper(fresh('nobody'), 'hello?')).delivered, 0);
    });

    test('presence: a member sees another join and leave', async () => {
      const room = fresh('room');
      const carolId = fresh('carol');
      const alice = await connect(fresh('alice'));
      await alice.join(room);
      const carol = await connect(carolId);
      const joinSeen = next(alice, 'presence', (p) => p.user === carolId && p.event === 'join');
      await carol.join(room);
      await joinSeen;
      const leaveSeen = next(alice, 'presence', (p) => p.user === carolId && p.event === 'leave');
      const left = await carol.leave(room);
      assert.equal(left.room, room);
      await leaveSeen;
      assert.deepEqual(carol.rooms, []);
    });

    test('members(): an async iterator over pages whose union is the room', async () => {
      const room = fresh('room');
      const page = target.membersPageSize;
      const users = Array.from({ length: page + 2 }, (_, i) => fresh('m' + i));
      const clients = [];
      for (const u of users) {
        const c = await connect(u);
        await c.join(room);
        clients.push(c);
      }
      const pages = [];
      for await (const p of clients[0].members(room)) pages.push(p);
      assert.ok(pages.length >= 2, 'more than one page: ' + JSON.stringify(pages));
      assert.ok(pages.every((p) => p.length <= page), 'pages of at most ' + page + ': ' + JSON.stringify(pages));
      assert.deepEqual(new Set(pages.flat()), new Set(users));
    });

    test('server errors reject the promise with the protocol code and are emitted; the connection stays open', async () => {
      const alice = await connect(fresh('alice'));
      const room = fresh('room');
      const errors = [];
      alice.on('error', (e) => errors.push(e.code));
      const notMember = await rejection(alice.send(room, 'x'));
      assert.equal(notMember.code, 'NOT_A_MEMBER');
      assert.equal(notMember.action, 'send');
      const notMemberPages = await rejection(alice.members(room).next());
      assert.equal(notMemberPages.code, 'NOT_A_MEMBER');
      await alice.join(room);
      const tooLarge = await rejection(alice.send(room, 'x'.repeat(target.maxDataBytes)));
      assert.equal(tooLarge.code, 'TOO_LARGE');
      assert.deepEqual(errors, ['NOT_A_MEMBER', 'NOT_A_MEMBER', 'TOO_LARGE']);
      assert.equal((await alice.send(room, 'still here')).delivered, 0);
      assert.equal(alice.state, 'open');
    });

    test('RATE_LIMITED: more than the burst at once is refused, and later frames pass again', async () => {
      const alice = await connect(fresh('alice'));
      const room = fresh('room');
      await alice.join(room);
      const results = await Promise.allSettled(Array.from({ length: 2 * target.burst + 10 }, () => alice.send(room, 1)));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.ok(refused.length > 0, 'some refused');
      assert.ok(refused.every((r) => r.reason.code === 'RATE_LIMITED'), JSON.stringify(refused.map((r) => r.reason.code)));
      await new Promise((r) => setTimeout(r, 1000)); // at least one frame's worth at any rate of 1 a second or more
      assert.equal((await alice.send(room, 'later')).delivered, 0);
    });

    test('bad arguments are refused before anything is sent', async () => {
      const alice = await connect(fresh('alice'));
      for (const [p, what] of [[alice.join('bad room'), 'room'], [alice.send('lobby', null), 'data'],
        [alice.send('lobby', 1, { cid: 'c'.repeat(65) }), 'cid'], [alice.whisper('', 1), 'to']]) {
        const e = await rejection(p);
        assert.equal(e.code, 'BAD_ARGUMENT', what);
      }
    });

    test('an expired token: the callback is called once per attempt, then the client gives up with the status', async () => {
      let calls = 0;
      const c = new SwitchboardClient(target.url, {
        WebSocket, transport: 'query', reconnect: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
        token: () => { calls++; return token(target, fresh('late'), { exp: Math.floor(Date.now() / 1000) - 3600 }); },
      });
      const closed = next(c, 'close');
      const e = await rejection(c.opened);
      assert.equal(e.code, 'CONNECT_FAILED');
      assert.equal(e.status, 403);
      assert.equal(calls, 3);
      const close = await closed;
      assert.deepEqual({ status: close.status, attempts: close.attempts }, { status: 403, attempts: 3 });
      assert.match(close.reason, /gave up after 3 connection attempts: the server answered 403/);
      assert.equal((await rejection(c.send('lobby', 1))).code, 'CLOSED');
    });

    test('header transport: the token rides in Sec-WebSocket-Protocol, the server selects switchboard.v2',
      async () => {
        const alice = await connect(fresh('alice'), { transport: 'header', reconnect: { maxAttempts: 1 } });
        assert.equal(alice.transport, 'header');
        const room = fresh('room');
        await alice.join(room);
        assert.equal((await alice.send(room, 'via header')).delivered, 0);
      });

    test('auto transport picks the header on a server that offers it', async () => {
      const alice = await connect(fresh('alice'), { transport: 'auto' });
      assert.equal(alice.transport, 'header');
    });
  });
}
