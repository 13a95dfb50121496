import { backoffDelay } from './backoff.js';
import { Emitter } from './emitter.js';
import { CLIENT_CODES, SwitchboardError } from './errors.js';
import { HandshakeFailure, openSocket } from './handshake.js';
import { answers, checkCid, checkData, checkRoom, errorIn } from './requests.js';

/** The defaults of every option (docs/clients.md says why each is what it is). */
export const DEFAULTS = Object.freeze({
  transport: 'auto',
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  pingIntervalMs: 60_000,
  maxQueued: 100,
  reconnect: Object.freeze({ maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 }),
});
const TRANSPORTS = ['auto', 'header', 'query'];
/** A rejoin answered RATE_LIMITED, INTERNAL or TIMEOUT is tried this many times before the room is given up. */
const REJOIN_TRIES = 5;
const RETRYABLE_REJOIN = new Set(['RATE_LIMITED', 'INTERNAL', CLIENT_CODES.TIMEOUT]);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function options(raw) {
  if (!raw || typeof raw.token !== 'function') {
    throw new TypeError('options.token must be a function returning a JWT (or a promise of one); it is called once per connection attempt');
  }
  const o = { ...DEFAULTS, ...raw };
  if (!TRANSPORTS.includes(o.transport)) {
    throw new TypeError("options.transport must be 'auto', 'header' or 'query' (got " + JSON.stringify(o.transport) + ')');
  }
  o.WebSocket = raw.WebSocket ?? globalThis.WebSocket;
  if (typeof o.WebSocket !== 'function') {
    throw new TypeError('no WebSocket implementation: pass options.WebSocket (on Node 20, the ws package\'s default export)');
  }
  o.reconnect = raw.reconnect === false ? false : { ...DEFAULTS.reconnect, ...(raw.reconnect ?? {}) };
  for (const [name, v] of [['requestTimeoutMs', o.requestTimeoutMs], ['connectTimeoutMs', o.connectTimeoutMs],
    ['maxQueued', o.maxQueued], ['pingIntervalMs', o.pingIntervalMs]]) {
    if (!Number.isFinite(v) || v < 0) throw new TypeError('options.' + name + ' must be a number >= 0 (got ' + v + ')');
  }
  if (!Number.isInteger(o.maxQueued) || o.maxQueued < 1) {
    throw new TypeError('options.maxQueued must be an integer >= 1 (got ' + o.maxQueued + ')');
  }
  if (o.reconnect && !(Number.isInteger(o.reconnect.maxAttempts) && o.reconnect.maxAttempts >= 1)) {
    throw new TypeError('options.reconnect.maxAttempts must be an integer >= 1');
  }
  return o;
}

/**
 * A Switchboard connection that survives reconnects: it sends one request at a time and matches each answer to it
 * (acks by `cid`, `joined`/`left`/`members` by room, errors to the request in flight), re-opens the socket with a
 * fresh token after a drop, re-joins its rooms and says that a gap may have occurred. See docs/clients.md.
 */
export class SwitchboardClient extends Emitter {
  #url;
  #o;
  #ws = null;
  #state = 'connecting';
  #transport = null;
  #headerWorked = false;
  #queue = [];
  #internal = [];
  #inflight = null;
  #rooms = new Set();
  #rejoining = false;
  #lastWrite = 0;
  #pingTimer = null;
  #wake = null;
  #seq = 0;
  #cidPrefix = Math.random().toString(36).slice(2, 8);
  #connectionId = null;
  #disconnectedAt = null;
  #opened;

  /**
   * Starts connecting at once; frames asked for before the socket opens wait in the queue.
   * @param {string} url `ws://` or `wss://` URL of the API (without the token)
   * @param {object} raw the options (see switchboard.d.ts)
   */
  constructor(url, raw) {
    super();
    const u = new URL(url);
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new TypeError('url must be ws:// or wss:// (got ' + url + ')');
    if (u.searchParams.has('token')) throw new TypeError('pass the token through options.token, not in the url');
    this.#url = u.toString();
    this.#o = options(raw);
    this.#opened = this.#connect(false, null);
    this.#opened.catch(() => {}); // reported through the close event too
  }

  /** Connects and resolves once the first socket is open; rejects with CONNECT_FAILED when it gives up. */
  static async connect(url, raw) {
    const client = new SwitchboardClient(url, raw);
    await client.opened;
    return client;
  }

  /** Resolves when the first socket opened; rejects with CONNECT_FAILED (or CLOSED) otherwise. */
  get opened() { return this.#opened; }
  /** 'connecting' | 'open' | 'reconnecting' | 'closed' */
  get state() { return this.#state; }
  /** The token transport of the open socket ('header' or 'query'), or null. */
  get transport() { return this.#transport; }
  /** The rooms the client is in and re-joins after a reconnect. */
  get rooms() { return [...this.#rooms]; }
  /** The server's id of this connection, once a pong told it (`ping()`), or null. */
  get connectionId() { return this.#connectionId; }

  join(room) {
    return this.#call('join', () => { checkRoom('join', room); return { action: 'join', room }; });
  }

  leave(room) {
    return this.#call('leave', () => {
      checkRoom('leave', room);
      this.#rooms.delete(room); // not re-joined after a reconnect, whatever the answer
      return { action: 'leave', room };
    });
  }

  send(room, data, opts = {}) {
    return this.#call('send', () => {
      checkRoom('send', room);
      checkData('send', data);
      return { action: 'send', room, data, ack: true, cid: this.#cid('send', opts.cid) };
    }).then(ackOf);
  }

  whisper(to, data, opts = {}) {
    return this.#call('whisper', () => {
      if (typeof to !== 'string' || to === '') {
        throw new SwitchboardError(CLIENT_CODES.BAD_ARGUMENT, 'whisper: to must be a user id', { action: 'whisper' });
      }
      checkData('whisper', data);
      return { action: 'whisper', to, data, ack: true, cid: this.#cid('whisper', opts.cid) };
    }).then(ackOf);
  }

  /** The room's members, one page (an array of user ids) per iteration. */
  async *members(room) {
    checkRoom('members', room);
    let cursor;
    do {
      const page = await this.#request(cursor === undefined ? { action: 'members', room }
        : { action: 'members', room, cursor }, false);
      yield Array.isArray(page.members) ? page.members : [];
      cursor = typeof page.next === 'string' ? page.next : undefined;
    } while (cursor !== undefined);
  }

  /** A ping through the queue; resolves with the pong (`connectionId` where the server tells it). */
  async ping() {
    const pong = await this.#request({ action: 'ping' }, false);
    if (typeof pong.connectionId === 'string') this.#connectionId = pong.connectionId;
    return pong;
  }

  /**
   * Closes for good: the socket with `code`/`reason`; the frame in flight rejects with CONNECTION_LOST, queued ones
   * with CLOSED; a `close` event follows.
   */
  close(code = 1000, reason = 'client closed') {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#wake?.();
    const ws = this.#ws;
    this.#failSocketWork(`the client closed before the answer to`);
    this.#rejectQueued(`the client was closed`);
    if (ws) {
      ws.onmessage = ws.onclose = null;
      ws.onerror = () => {};
      try { ws.close(code, reason); } catch { /* already closing */ }
    }
    this.emit('close', { code, reason, status: null, attempts: 0, byClient: true });
  }

  #cid(action, cid) {
    if (cid === undefined) return this.#cidPrefix + '-' + (++this.#seq);
    checkCid(action, cid);
    return cid;
  }

  #call(action, frame) {
    let f;
    try {
      f = frame();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#request(f, false);
  }

  #request(frame, internal) {
    return new Promise((resolve, reject) => {
      const req = { frame, resolve, reject, internal, timer: null };
      if (this.#state === 'closed') {
        reject(new SwitchboardError(CLIENT_CODES.CLOSED, 'the client is closed: ' + frame.action + ' was not sent',
          { action: frame.action, cid: frame.cid, room: frame.room }));
        return;
      }
      if (internal) {
        this.#internal.push(req);
      } else if (this.#queue.length >= this.#o.maxQueued) {
        reject(new SwitchboardError(CLIENT_CODES.QUEUE_FULL, this.#o.maxQueued + ' frames already wait for the connection: '
          + frame.action + ' was not queued', { action: frame.action, cid: frame.cid, room: frame.room }));
        return;
      } else {
        this.#queue.push(req);
      }
      this.#pump();
    });
  }

  #pump() {
    if (this.#state !== 'open' || this.#inflight) return;
    const req = this.#internal.shift() ?? (this.#rejoining ? undefined : this.#queue.shift());
    if (!req) return;
    this.#inflight = req;
    req.timer = setTimeout(() => this.#timeout(req), this.#o.requestTimeoutMs);
    this.#lastWrite = Date.now();
    this.#ws.send(JSON.stringify(req.frame));
  }

  #timeout(req) {
    if (this.#inflight !== req) return;
    this.#inflight = null;
    req.reject(new SwitchboardError(CLIENT_CODES.TIMEOUT, 'no answer to ' + req.frame.action + ' within '
      + this.#o.requestTimeoutMs + ' ms; reconnecting', { action: req.frame.action, cid: req.frame.cid, room: req.frame.room }));
    // a late answer could be taken for the next request's: this socket is done
    const ws = this.#ws;
    if (ws) {
      ws.onmessage = ws.onclose = null;
      ws.onerror = () => {};
      try { ws.close(4000, 'request timeout'); } catch { /* closing */ }
      this.#dropped(ws, 4000, 'request timeout');
    }
  }

  #onFrame(ws, data) {
    if (ws !== this.#ws) return;
    let m;
    try {
      m = JSON.parse(data);
    } catch {
      return; // not a frame of the protocol; clients ignore what they do not know
    }
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return;
    const req = this.#inflight;
    const err = errorIn(m, req?.frame);
    if (req && (err || answers(req.frame, m))) {
      clearTimeout(req.timer);
      this.#inflight = null;
      if (err) {
        req.reject(err);
        this.emit('error', err);
      } else {
        if (req.frame.action === 'join') this.#rooms.add(req.frame.room);
        req.resolve(m);
        if (m.type === 'joined' || m.type === 'left') this.emit(m.type, m);
      }
      this.#pump();
      return;
    }
    if (err) {
      this.emit('error', err);
      return;
    }
    switch (m.type) {
      case 'message':
      case 'whisper':
      case 'presence':
      case 'joined':
      case 'left':
        this.emit(m.type, m);
        break;
      default:
        break; // acks of timed-out requests, pongs, types this client does not know
    }
  }

  #failSocketWork(why) {
    const req = this.#inflight;
    this.#inflight = null;
    if (req) {
      clearTimeout(req.timer);
      req.reject(new SwitchboardError(CLIENT_CODES.CONNECTION_LOST, why + ' ' + req.frame.action + ': it may or may not have arrived',
        { action: req.frame.action, cid: req.frame.cid, room: req.frame.room }));
    }
    for (const r of this.#internal.splice(0)) {
      r.reject(new SwitchboardError(CLIENT_CODES.CONNECTION_LOST, 'the connection closed', { action: r.frame.action }));
    }
    this.#rejoining = false;
    clearTimeout(this.#pingTimer);
    this.#ws = null;
    this.#transport = null;
  }

  #rejectQueued(why) {
    for (const r of this.#queue.splice(0)) {
      r.reject(new SwitchboardError(CLIENT_CODES.CLOSED, why + ': ' + r.frame.action + ' was not sent',
        { action: r.frame.action, cid: r.frame.cid, room: r.frame.room }));
    }
  }

  #dropped(ws, code, reason) {
    if (ws !== this.#ws) return;
    this.#failSocketWork(`the connection closed (${code}${reason ? ' ' + reason : ''}) before the answer to`);
    if (this.#state === 'closed') return;
    this.#disconnectedAt ??= Date.now();
    if (!this.#o.reconnect) {
      this.#giveUp({ code, reason, status: null, message: `the server closed the connection (${code}${reason ? ' ' + reason : ''})` }, 0);
      return;
    }
    this.#state = 'reconnecting';
    this.#connect(true, { code, reason }).catch(() => {});
  }

  async #connect(afterDrop, drop) {
    const maxAttempts = this.#o.reconnect ? this.#o.reconnect.maxAttempts : 1;
    let last = drop;
    for (let attempt = 1; ; attempt++) {
      if (afterDrop || attempt > 1) {
        const delayMs = backoffDelay(afterDrop ? attempt : attempt - 1, this.#o.reconnect);
        this.emit('reconnecting', { attempt, delayMs, code: last?.code ?? null, reason: last?.reason || last?.message || '',
          status: last?.status ?? null });
        await new Promise((r) => { this.#wake = r; setTimeout(r, delayMs); });
        this.#wake = null;
      }
      if (this.#state === 'closed') throw new SwitchboardError(CLIENT_CODES.CLOSED, 'the client was closed');
      try {
        const { ws, transport } = await this.#open();
        if (this.#state === 'closed') {
          ws.close(1000, 'client closed');
          throw new SwitchboardError(CLIENT_CODES.CLOSED, 'the client was closed');
        }
        this.#adopt(ws, transport, afterDrop);
        return;
      } catch (e) {
        if (e instanceof SwitchboardError) throw e;
        if (this.#state === 'closed') throw new SwitchboardError(CLIENT_CODES.CLOSED, 'the client was closed');
        last = e;
        if (attempt >= maxAttempts) throw this.#giveUp(e, attempt);
      }
    }
  }

  async #open() {
    let token;
    try {
      token = await this.#o.token();
    } catch (e) {
      throw new HandshakeFailure('the token callback failed: ' + (e?.message ?? e));
    }
    if (typeof token !== 'string' || token === '') throw new HandshakeFailure('the token callback returned no token');
    const t = this.#o.transport;
    const order = t !== 'auto' ? [t] : this.#headerWorked ? ['header'] : ['header', 'query'];
    let failure;
    for (const transport of order) {
      try {
        const ws = await openSocket(this.#o.WebSocket, this.#url, token, transport, this.#o.connectTimeoutMs);
        if (transport === 'header') this.#headerWorked = true;
        return { ws, transport };
      } catch (e) {
        failure = e;
        // a server that read the header refused the token (403, 400): the query string would not do better
        if (transport === 'header' && e.status !== null && e.status !== 401 && !e.subprotocolRefused) break;
      }
    }
    throw failure;
  }

  #adopt(ws, transport, afterDrop) {
    this.#ws = ws;
    this.#transport = transport;
    this.#state = 'open';
    ws.onmessage = (e) => this.#onFrame(ws, e.data);
    ws.onclose = (e) => this.#dropped(ws, e.code, e.reason);
    ws.onerror = () => {}; // a close event follows
    this.#lastWrite = Date.now();
    this.#schedulePing();
    this.emit('open', { transport, reconnected: afterDrop });
    if (afterDrop) {
      this.#rejoin(ws);
    } else {
      this.#pump();
    }
  }

  async #rejoin(ws) {
    this.#rejoining = true;
    const rejoined = [];
    const lost = [];
    for (const room of [...this.#rooms]) {
      for (let tries = 1; ; tries++) {
        try {
          await this.#request({ action: 'join', room }, true);
          rejoined.push(room);
          break;
        } catch (e) {
          if (this.#ws !== ws) return; // dropped again: the next connection re-joins
          if (tries >= REJOIN_TRIES || !RETRYABLE_REJOIN.has(e.code)) {
            this.#rooms.delete(room);
            lost.push(room);
            break;
          }
          await sleep(100 * 2 ** tries);
          if (this.#ws !== ws) return;
        }
      }
    }
    this.#rejoining = false;
    const from = this.#disconnectedAt;
    this.#disconnectedAt = null;
    this.emit('gap', { from, to: Date.now(), rooms: rejoined, lostRooms: lost });
    this.#pump();
  }

  #schedulePing() {
    clearTimeout(this.#pingTimer);
    const every = this.#o.pingIntervalMs;
    if (!every || this.#state !== 'open') return;
    this.#pingTimer = setTimeout(() => {
      if (this.#state !== 'open') return;
      if (Date.now() - this.#lastWrite >= every && !this.#inflight) {
        this.#request({ action: 'ping' }, true).then((p) => {
          if (typeof p.connectionId === 'string') this.#connectionId = p.connectionId;
        }, () => {});
      }
      this.#schedulePing();
    }, Math.max(1, this.#lastWrite + every - Date.now()));
  }

  #giveUp(failure, attempts) {
    this.#state = 'closed';
    const status = failure?.status ?? null;
    const why = attempts > 0
      ? `gave up after ${attempts} connection attempt${attempts === 1 ? '' : 's'}: ${failure?.message ?? 'failed'}`
      : failure.message;
    this.#rejectQueued(why);
    const error = new SwitchboardError(CLIENT_CODES.CONNECT_FAILED, why, { status });
    this.emit('close', { code: failure?.code ?? 1006, reason: why, status, attempts, byClient: false });
    return error;
  }
}

function ackOf(m) {
  return { id: m.id, cid: m.cid, delivered: m.delivered ?? 0, undelivered: m.undelivered ?? 0, queued: m.queued ?? 0 };
}
