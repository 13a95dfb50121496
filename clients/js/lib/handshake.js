/**
 * Opening one WebSocket with one token transport (docs/clients.md, "Token transports"):
 * - `header`: the token rides in `Sec-WebSocket-Protocol` as the subprotocol `bearer.<JWT>` beside `switchboard.v2`;
 *   a server that supports it selects `switchboard.v2` and never echoes the token. A WHATWG WebSocket (browsers,
 *   undici) and `ws` fail the handshake when the server selects no subprotocol
 *   (https://websockets.spec.whatwg.org/#feedback-from-the-protocol, websockets/ws#2314).
 * - `query`: `?token=<JWT>` on the URL (every Switchboard server; the URL can end up in access logs).
 */
export const SUBPROTOCOL = 'switchboard.v2';
export const BEARER_PREFIX = 'bearer.';

/** `url` with `token` as its `token` query parameter (other parameters kept). */
export function queryUrl(url, token) {
  const u = new URL(url);
  u.searchParams.set('token', token);
  return u.toString();
}

/** Why one handshake failed: the HTTP status where the WebSocket implementation tells it (`ws` does, browsers do not). */
export class HandshakeFailure extends Error {
  constructor(message, { status = null, code = 1006, reason = '', subprotocolRefused = false } = {}) {
    super(message);
    this.name = 'HandshakeFailure';
    this.status = status;
    this.code = code;
    this.reason = reason;
    this.subprotocolRefused = subprotocolRefused;
  }
}

/** The status in `ws`'s "Unexpected server response: 403"; null where the implementation does not say. */
function statusOf(errorEvent) {
  const text = String(errorEvent?.message ?? errorEvent?.error?.message ?? '');
  const m = /Unexpected server response: (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

function refusedSubprotocol(errorEvent) {
  return /subprotocol/i.test(String(errorEvent?.message ?? errorEvent?.error?.message ?? ''));
}

/**
 * Opens a socket; resolves with it once open (handlers cleared, for the caller to set), rejects with a
 * HandshakeFailure.
 *
 * @param {typeof WebSocket} WebSocketImpl
 * @param {string} url
 * @param {string} token
 * @param {'header'|'query'} transport
 * @param {number} timeoutMs
 */
export function openSocket(WebSocketImpl, url, token, transport, timeoutMs) {
  return new Promise((resolve, reject) => {
    let ws;
    try {
      ws = transport === 'header'
        ? new WebSocketImpl(url, [SUBPROTOCOL, BEARER_PREFIX + token])
        : new WebSocketImpl(queryUrl(url, token));
    } catch (e) {
      reject(new HandshakeFailure('cannot open a WebSocket to ' + url + ': ' + e.message));
      return;
    }
    let status = null;
    let subprotocolRefused = false;
    const done = () => {
      clearTimeout(timer);
      ws.onopen = ws.onerror = ws.onclose = ws.onmessage = null;
    };
    const timer = setTimeout(() => {
      done();
      try { ws.close(); } catch { /* not open yet */ }
      reject(new HandshakeFailure('no handshake answer within ' + timeoutMs + ' ms'));
    }, timeoutMs);
    ws.onerror = (e) => {
      status = statusOf(e) ?? status;
      subprotocolRefused ||= refusedSubprotocol(e);
    };
    ws.onclose = (e) => {
      done();
      const said = status !== null ? 'the server answered ' + status : 'the handshake failed (' + e.code + ')';
      reject(new HandshakeFailure(said, { status, code: e.code, reason: e.reason, subprotocolRefused }));
    };
    ws.onopen = () => {
      done();
      if (transport === 'header' && ws.protocol !== SUBPROTOCOL) {
        try { ws.close(1000, 'no switchboard.v2'); } catch { /* closing */ }
        reject(new HandshakeFailure('the server did not select ' + SUBPROTOCOL, { subprotocolRefused: true }));
        return;
      }
      resolve(ws);
    };
  });
}
