package dev.switchboard.lambdas.auth;

import dev.switchboard.blueprint.Handshake;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a handshake carries its token, and the token: the {@code token} query parameter, or one
 * {@value Handshake#BEARER_PREFIX}{@code <JWT>} offer among the subprotocols of {@code Sec-WebSocket-Protocol}
 * (docs/protocol.md, "Connecting"). A token given in both places, or two bearer offers, is {@link Transport#AMBIGUOUS}
 * and refused like a bad token: the server never has to pick one of two tokens that may name different users.
 *
 * @param token     the token as sent (possibly empty), or null for {@link Transport#NONE} and
 *                  {@link Transport#AMBIGUOUS}
 * @param transport where it came from
 */
public record HandshakeToken(String token, Transport transport) {
    /** The token's transport. */
    public enum Transport {
        /** No token anywhere: 401, as an absent query token always was. */
        NONE,
        /** The {@code token} query parameter. */
        QUERY,
        /** A {@value Handshake#BEARER_PREFIX} subprotocol offer. */
        HEADER,
        /** A query token and a bearer offer, or two bearer offers: refused (403). */
        AMBIGUOUS
    }

    @Override
    public String toString() {
        return "HandshakeToken[transport=" + transport + "]"; // never the token
    }

    /**
     * @param queryToken     the {@code token} query parameter, or null when absent
     * @param protocolValues every {@code Sec-WebSocket-Protocol} header value of the handshake (empty when none)
     */
    public static HandshakeToken of(String queryToken, List<String> protocolValues) {
        List<String> bearers = new ArrayList<>();
        for (String offer : offers(protocolValues)) {
            if (offer.startsWith(Handshake.BEARER_PREFIX)) {
                bearers.add(offer.substring(Handshake.BEARER_PREFIX.length()));
            }
        }
        if (bearers.size() > 1 || (bearers.size() == 1 && queryToken != null)) {
            return new HandshakeToken(null, Transport.AMBIGUOUS);
        }
        if (bearers.size() == 1) {
            return new HandshakeToken(bearers.get(0), Transport.HEADER);
        }
        return queryToken == null ? new HandshakeToken(null, Transport.NONE) : new HandshakeToken(queryToken, Transport.QUERY);
    }

    /**
     * The subprotocols a client offered: every header value split at commas, trimmed, empty entries dropped
     * (RFC 6455 section 4.1: the header may be repeated and each value is a comma-separated list).
     */
    public static List<String> offers(List<String> protocolValues) {
        List<String> out = new ArrayList<>();
        if (protocolValues == null) {
            return out;
        }
        for (String value : protocolValues) {
            if (value == null) {
                continue;
            }
            for (String part : value.split(",", -1)) {
                String offer = part.strip();
                if (!offer.isEmpty()) {
                    out.add(offer);
                }
            }
        }
        return out;
    }
}
