// Where the handshake's token rides (docs/protocol.md, "Connecting"): the `token` query parameter, or the
// Sec-WebSocket-Protocol header offering `switchboard.v2` and `bearer.<JWT>` (browsers cannot set other headers on a
// WebSocket handshake, but they can offer subprotocols). The server answers `switchboard.v2` and never echoes the
// bearer entry (RFC 6455 section 4.2.2: the server selects one of the offered subprotocols).

export const SUBPROTOCOL = "switchboard.v2";
const BEARER = "bearer.";

/**
 * The token of an upgrade request: { token } (undefined when there is none), or { problem } when the request is
 * ambiguous or malformed (both transports at once, or a bearer entry without `switchboard.v2`).
 */
export function tokenOf(url, protocolHeader) {
  const query = url.searchParams.get("token");
  const offered = (protocolHeader ?? "").split(",").map((p) => p.trim()).filter((p) => p.length > 0);
  const bearers = offered.filter((p) => p.startsWith(BEARER));
  if (bearers.length === 0) return { token: query || undefined };
  if (bearers.length > 1 || query !== null) return { problem: "give the token once: ?token= or one bearer. entry" };
  if (!offered.includes(SUBPROTOCOL)) return { problem: `offer ${SUBPROTOCOL} with the bearer. entry` };
  return { token: bearers[0].slice(BEARER.length) || undefined };
}

/** The subprotocol to answer from the offered set (ws's handleProtocols), or false for none. */
export function selectProtocol(offered) {
  return offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}
