/**
 * The one error type the client rejects with and emits. `code` is stable: either one of the protocol's error codes
 * (docs/protocol.md: BAD_JSON, UNKNOWN_ACTION, MISSING_FIELD, NOT_A_MEMBER, RATE_LIMITED, TOO_LARGE, INTERNAL) or one
 * of the client's own, listed in CLIENT_CODES.
 */
export class SwitchboardError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{action?: string, cid?: string, room?: string, status?: number|null}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    this.action = details.action;
    this.cid = details.cid;
    this.room = details.room;
    this.status = details.status ?? null;
  }
}

/** The client's own codes, beside the protocol's. */
export const CLIENT_CODES = Object.freeze({
  /** An argument the protocol would refuse (a bad room name, null data, a bad cid); nothing was sent. */
  BAD_ARGUMENT: 'BAD_ARGUMENT',
  /** No answer within `requestTimeoutMs`; the client closed that socket and reconnects. */
  TIMEOUT: 'TIMEOUT',
  /** The frame was written but the socket closed before its answer: it may or may not have been delivered. */
  CONNECTION_LOST: 'CONNECTION_LOST',
  /** `maxQueued` frames were already waiting for a connection; this one was not queued. */
  QUEUE_FULL: 'QUEUE_FULL',
  /** The client was closed (by `close()`, or it gave up reconnecting); the frame was never written. */
  CLOSED: 'CLOSED',
  /** The connection could not be opened within the stated attempts (see `status` for the server's answer). */
  CONNECT_FAILED: 'CONNECT_FAILED',
});
