// The servers the tests run against, handed over by the JUnit suite (clients/java's JsClientSuiteTest starts the local
// AWS API and the Worker in workerd and sets SWITCHBOARD_TARGETS), and the helpers the test files share.
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { SwitchboardClient } from '../lib/switchboard.js';

export { WebSocket };

/**
 * [{name, url, management, secret, issuer, audience, membersPageSize, maxDataBytes, burst}]: `management` is the
 * @connections URL where the platform has one (the local AWS API), else null.
 */
export const TARGETS = JSON.parse(process.env.SWITCHBOARD_TARGETS ?? '[]');
export const NO_TARGETS = TARGETS.length ? false
  : 'no servers: run through JsClientSuiteTest (mvn -pl clients/java test), which sets SWITCHBOARD_TARGETS';

const b64url = (s) => Buffer.from(s).toString('base64url');

/** An HS256 token for `sub` on `target`, with claims overridable. */
export function token(target, sub, extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, iss: target.issuer, aud: target.audience, iat: now, nbf: now, exp: now + 600, ...extra };
  const input = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify(payload));
  return input + '.' + createHmac('sha256', target.secret).update(input).digest('base64url');
}

let unique = 0;
/** A name no other test uses (rooms and users). */
export const fresh = (prefix) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++unique}`;

/** A client of `target` as `sub` with quick reconnects; `tokens` counts token callback calls. */
export function client(target, sub, opts = {}) {
  const calls = { tokens: 0 };
  const c = new SwitchboardClient(target.url, {
    WebSocket,
    transport: 'query',
    token: () => { calls.tokens++; return token(target, sub); },
    reconnect: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
    requestTimeoutMs: 5000,
    ...opts,
  });
  c.calls = calls;
  return c;
}

/** The next `type` event of `c` that satisfies `pred`, or a rejection after `ms`. */
export function next(c, type, pred = () => true, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${type} event within ${ms} ms`)); }, ms);
    const off = c.on(type, (e) => {
      if (pred(e)) { clearTimeout(timer); off(); resolve(e); }
    });
  });
}

/** Rejection reason of `p` (fails if it resolves). */
export async function rejection(p) {
  try {
    const v = await p;
    throw new Error('expected a rejection, got ' + JSON.stringify(v));
  } catch (e) {
    if (e.message?.startsWith('expected a rejection')) throw e;
    return e;
  }
}
