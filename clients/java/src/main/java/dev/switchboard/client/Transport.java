package dev.switchboard.client;

/**
 * How the token reaches the server (docs/clients.md, "Token transports").
 * <ul>
 *   <li>{@link #HEADER}: the subprotocols {@code switchboard.v2} and {@code bearer.<JWT>} in
 *       {@code Sec-WebSocket-Protocol}; the server must select {@code switchboard.v2}.</li>
 *   <li>{@link #QUERY}: {@code ?token=<JWT>} on the URL (every Switchboard server; URLs end up in access logs).</li>
 *   <li>{@link #AUTO} (the default): the header first; the query string with the same token when that handshake
 *       failed with no status, with 401 or without the subprotocol, until a header handshake has once succeeded.</li>
 * </ul>
 */
public enum Transport {
    AUTO, HEADER, QUERY
}
