// Where an upgrade carries its token (docs/protocol.md, "Connecting"): the `token` query parameter, or one
// `bearer.<JWT>` offer among the subprotocols of Sec-WebSocket-Protocol beside `switchboard.v2`. The same rules as
// the Java authorizer's HandshakeToken: a token in both places, or two bearer offers, is AMBIGUOUS and refused like a
// bad token (403); an empty one is missing (401); the answer names `switchboard.v2`, never the token.

/**
 * The subprotocols a client offered: every comma-separated entry of the header, trimmed, empty ones dropped (the
 * Fetch API joins repeated headers with ", ", RFC 6455 section 4.1).
 */
export function offers(request) {
  const header = request.headers.get("sec-websocket-protocol");
  return header === null ? [] : header.split(",").map((o) => o.trim()).filter((o) => o.length > 0);
}

/** `{transport, token}` of an upgrade: transport is NONE, QUERY, HEADER or AMBIGUOUS. */
export function handshakeToken(request, url, handshake) {
  const bearers = offers(request).filter((o) => o.startsWith(handshake.bearerPrefix))
    .map((o) => o.slice(handshake.bearerPrefix.length));
  const query = url.searchParams.get("token");
  if (bearers.length > 1 || (bearers.length === 1 && query !== null)) return { transport: "AMBIGUOUS", token: null };
  if (bearers.length === 1) return { transport: "HEADER", token: bearers[0] };
  return query === null ? { transport: "NONE", token: null } : { transport: "QUERY", token: query };
}
