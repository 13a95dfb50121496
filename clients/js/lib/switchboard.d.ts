// Type declarations of Switchboard's JavaScript client (written by hand; lib/*.js is the implementation).

/** Protocol error codes (docs/protocol.md) and the client's own (CLIENT_CODES). */
export type ErrorCode =
  | 'BAD_JSON' | 'UNKNOWN_ACTION' | 'MISSING_FIELD' | 'NOT_A_MEMBER' | 'RATE_LIMITED' | 'TOO_LARGE' | 'INTERNAL'
  | 'BAD_ARGUMENT' | 'TIMEOUT' | 'CONNECTION_LOST' | 'QUEUE_FULL' | 'CLOSED' | 'CONNECT_FAILED'
  | (string & {});

export class SwitchboardError extends Error {
  readonly name: 'SwitchboardError';
  readonly code: ErrorCode;
  /** The action of the request it answers, when it answers one. */
  readonly action?: 'join' | 'leave' | 'send' | 'whisper' | 'members' | 'ping';
  /** The request's cid (send, whisper): re-send with it and receivers can drop the duplicate. */
  readonly cid?: string;
  readonly room?: string;
  /** The HTTP status of the last refused handshake, where the WebSocket implementation tells it (ws does; browsers do not). */
  readonly status: number | null;
}

export const CLIENT_CODES: Readonly<{
  BAD_ARGUMENT: 'BAD_ARGUMENT'; TIMEOUT: 'TIMEOUT'; CONNECTION_LOST: 'CONNECTION_LOST'; QUEUE_FULL: 'QUEUE_FULL';
  CLOSED: 'CLOSED'; CONNECT_FAILED: 'CONNECT_FAILED';
}>;

/** The subprotocol a server that takes the token in Sec-WebSocket-Protocol selects. */
export const SUBPROTOCOL: 'switchboard.v2';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ReconnectPolicy {
  /** Consecutive failed connection attempts before the client gives up (default 10; the first connect counts too). */
  maxAttempts?: number;
  /** Backoff base (default 500 ms): attempt n waits a random time below min(maxDelayMs, baseDelayMs * 2^(n-1)). */
  baseDelayMs?: number;
  /** Backoff ceiling (default 30 000 ms). */
  maxDelayMs?: number;
}

export interface ClientOptions {
  /** A fresh JWT, called once per connection attempt (reconnects included). */
  token: () => string | Promise<string>;
  /**
   * 'header' (the token as subprotocol bearer.<JWT>), 'query' (?token=), or 'auto' (default): the header first, and
   * the query string with the same token if that handshake failed and no header handshake has succeeded yet on
   * this client, unless the server refused the token itself (any status but 401).
   */
  transport?: 'auto' | 'header' | 'query';
  /** The WebSocket constructor (default globalThis.WebSocket; on Node 20 pass the ws package's default export). */
  WebSocket?: unknown;
  /** How long a request waits for its answer (default 10 000 ms); then TIMEOUT, and the socket is replaced. */
  requestTimeoutMs?: number;
  /** How long one handshake may take (default 10 000 ms). */
  connectTimeoutMs?: number;
  /** A ping after this long without a frame written (default 60 000 ms; 0 turns it off). */
  pingIntervalMs?: number;
  /** Frames that may wait for a connection (default 100); one more rejects with QUEUE_FULL. */
  maxQueued?: number;
  /** The reconnect policy, or false to give up at the first close or failed attempt. */
  reconnect?: ReconnectPolicy | false;
}

export interface Ack { id: string; cid: string; delivered: number; undelivered: number; queued: number; }
export interface Joined { type: 'joined'; room: string; count: number; members: string[]; next?: string; }
export interface Left { type: 'left'; room: string; }
export interface Message { type: 'message'; room: string; from: string; id: string; ts: number; cid?: string; data: Json; }
export interface Whisper { type: 'whisper'; from: string; id: string; ts: number; cid?: string; data: Json; }
export interface Presence { type: 'presence'; room: string; user: string; event: 'join' | 'leave'; }
export interface Pong { type: 'pong'; connectionId?: string; }

export interface ClientEvents {
  open: { transport: 'header' | 'query'; reconnected: boolean };
  message: Message;
  whisper: Whisper;
  presence: Presence;
  joined: Joined;
  left: Left;
  error: SwitchboardError;
  /** The socket dropped or an attempt failed; the next attempt follows after delayMs. */
  reconnecting: { attempt: number; delayMs: number; code: number | null; reason: string; status: number | null };
  /**
   * After a reconnect, once the rooms are re-joined: frames sent to this client between `from` and `to` were lost
   * (the protocol has no replay). `lostRooms` could not be re-joined.
   */
  gap: { from: number; to: number; rooms: string[]; lostRooms: string[] };
  /** For good: by close(), or the client gave up (reason and, where known, the server's last status). */
  close: { code: number; reason: string; status: number | null; attempts: number; byClient: boolean };
}

export class SwitchboardClient {
  constructor(url: string, options: ClientOptions);
  static connect(url: string, options: ClientOptions): Promise<SwitchboardClient>;
  readonly opened: Promise<void>;
  readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  readonly transport: 'header' | 'query' | null;
  readonly rooms: string[];
  readonly connectionId: string | null;
  on<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void): () => void;
  once<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void): () => void;
  off<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void): void;
  join(room: string): Promise<Joined>;
  leave(room: string): Promise<Left>;
  send(room: string, data: Json, options?: { cid?: string }): Promise<Ack>;
  whisper(to: string, data: Json, options?: { cid?: string }): Promise<Ack>;
  members(room: string): AsyncIterableIterator<string[]>;
  ping(): Promise<Pong>;
  close(code?: number, reason?: string): void;
}

export const DEFAULTS: Readonly<Required<Omit<ClientOptions, 'token' | 'WebSocket' | 'reconnect'>> & { reconnect: Required<ReconnectPolicy> }>;

export function backoffDelay(attempt: number, policy: { baseDelayMs: number; maxDelayMs: number }, random?: () => number): number;
