// Switchboard's JavaScript client (browsers and Node 20+; no dependencies). See docs/clients.md.
export { SwitchboardClient, DEFAULTS } from './client.js';
export { SwitchboardError, CLIENT_CODES } from './errors.js';
export { SUBPROTOCOL } from './handshake.js';
export { backoffDelay } from './backoff.js';
