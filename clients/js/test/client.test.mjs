// The client's own decisions, against small ws servers written here (no Switchboard server can be made to behave like
// an older server, or to swallow a frame): which token transport `auto` picks and when it falls back, that a request
// with no answer times out and recycles the socket, and the backoff's bounds. The protocol itself is tested against
// the real servers (conformance.test.mjs, reconnect.test.mjs).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { backoffDelay, SwitchboardClient } from '../lib/switchboard.js';
import { next, rejection, WebSocket } from './servers.mjs';

/**
 * A server on a free port. `headerCapable`: selects switchboard.v2 and reads `bearer.<token>` (a pre-v0.3 server
 * selects no subprotocol and reads only ?token=). Tokens other than 'good' answer 403, a missing one 401.
 */
async function server({ headerCapable, onFrame = () => {} }) {
  const handshakes = [];
  const wss = new WebSocketServer({
    port: 0,
    handleProtocols: headerCapable ? (set) => (set.has('switchboard.v2') ? 'switchboard.v2' : false) : () => false,
    verifyClient: (info, done) => {
      const url = new URL(info.req.url, 'http://x');
      const offered = (info.req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
      const bearer = headerCapable ? offered.find((p) => p.startsWith('bearer.'))?.slice(7) : undefined;
      const tok = bearer ?? url.searchParams.get('token');
      handshakes.push({ query: url.searchParams.has('token'), offered });
      if (!tok) done(false, 401);
      else done(tok === 'good', 403);
    },
  });
  await once(wss, 'listening');
  wss.on('connection', (ws) => ws.on('message', (d) => onFrame(ws, JSON.parse(String(d)))));
  return { url: `ws://127.0.0.1:${wss.address().port}/dev`, handshakes, wss, close: () => new Promise((r) => wss.close(r)) };
}

const quick = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 };

describe('token transports', { timeout: 10_000 }, () => {
  const servers = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  test('header: offers switchboard.v2 and bearer.<token>, never puts the token in the URL', async () => {
    const s = await server({ headerCapable: true });
    servers.push(s);
    const c = await SwitchboardClient.connect(s.url, { WebSocket, transport: 'header', token: () => 'good' });
    assert.equal(c.transport, 'header');
    assert.deepEqual(s.handshakes, [{ query: false, offered: ['switchboard.v2', 'bearer.good'] }]);
    c.close();
  });

  test('auto on a server without the header transport: the same token through the query string', async () => {
    const s = await server({ headerCapable: false });
    servers.push(s);
    let calls = 0;
    const c = await SwitchboardClient.connect(s.url, { WebSocket, token: () => { calls++; return 'good'; } });
    assert.equal(c.transport, 'query');
    assert.equal(calls, 1, 'one token for the attempt, used by both handshakes');
    assert.deepEqual(s.handshakes.map((h) => h.query), [false, true]);
    c.close();
  });

  test('auto: a header-capable server that refuses the token (403) is not asked again through the URL', async () => {
    const s = await server({ headerCapable: true });
    servers.push(s);
    const c = new SwitchboardClient(s.url, { WebSocket, token: () => 'expired', reconnect: quick });
    const e = await rejection(c.opened);
    assert.equal(e.status, 403);
    assert.deepEqual(s.handshakes.map((h) => h.query), [false, false], 'two attempts, header only');
  });

  test('bad options are refused with the field and what it takes', () => {
    const url = 'ws://127.0.0.1:1/dev';
    assert.throws(() => new SwitchboardClient(url, { WebSocket, token: () => 't', transport: 'cookie' }),
      /options.transport must be 'auto', 'header' or 'query'/);
    assert.throws(() => new SwitchboardClient(url, { WebSocket, token: () => 't', maxQueued: 0 }),
      /options.maxQueued must be an integer >= 1/);
    assert.throws(() => new SwitchboardClient(url, { WebSocket }), /options.token must be a function/);
    assert.throws(() => new SwitchboardClient(url + '?token=x', { WebSocket, token: () => 't' }),
      /pass the token through options.token/);
  });
});

describe('requests without an answer', { timeout: 10_000 }, () => {
  test('TIMEOUT rejects the request, closes that socket, and the client reconnects and re-joins', async () => {
    let connections = 0;
    const s = await server({
      headerCapable: true,
      onFrame: (ws, f) => {
        if (f.action === 'join') ws.send(JSON.stringify({ type: 'joined', room: f.room, count: 1, members: ['u'] }));
        // a send is swallowed: no ack, no error
      },
    });
    s.wss.on('connection', () => connections++);
    try {
      const c = await SwitchboardClient.connect(s.url, { WebSocket, token: () => 'good', requestTimeoutMs: 200, reconnect: quick });
      await c.join('lobby');
      const gap = next(c, 'gap');
      const e = await rejection(c.send('lobby', 'hello'));
      assert.equal(e.code, 'TIMEOUT');
      assert.deepEqual((await gap).rooms, ['lobby']);
      assert.equal(connections, 2);
      c.close();
    } finally {
      await s.close();
    }
  });
});

describe('keep-alive', { timeout: 10_000 }, () => {
  test('an idle client pings every pingIntervalMs (under the platforms\' idle timeouts) and learns its connection id', async () => {
    const pings = [];
    const s = await server({
      headerCapable: true,
      onFrame: (ws, f) => {
        if (f.action === 'ping') {
          pings.push(Date.now());
          ws.send(JSON.stringify({ type: 'pong', connectionId: 'conn-1' }));
        }
      },
    });
    try {
      const c = await SwitchboardClient.connect(s.url, { WebSocket, token: () => 'good', pingIntervalMs: 100 });
      await new Promise((r) => setTimeout(r, 450));
      c.close();
      assert.ok(pings.length >= 2 && pings.length <= 5, pings.length + ' pings in 450 ms');
      assert.equal(c.connectionId, 'conn-1');
    } finally {
      await s.close();
    }
  });
});

describe('backoff', () => {
  test('full jitter: between 0 and min(max, base * 2^(n-1))', () => {
    const policy = { baseDelayMs: 500, maxDelayMs: 30_000 };
    assert.deepEqual([1, 2, 3, 7, 8, 20].map((n) => backoffDelay(n, policy, () => 0.999999)),
      [499, 999, 1999, 29_999, 29_999, 29_999]);
    assert.equal(backoffDelay(5, policy, () => 0), 0);
  });
});
