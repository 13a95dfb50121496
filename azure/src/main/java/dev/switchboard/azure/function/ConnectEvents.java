package dev.switchboard.azure.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.azure.store.Connection;
import dev.switchboard.azure.store.ConnectionSlots;
import dev.switchboard.azure.store.Connections;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RoomNames;
import dev.switchboard.lambdas.auth.HandshakeToken;
import dev.switchboard.lambdas.auth.Reason;
import dev.switchboard.lambdas.auth.TokenVerifier;
import dev.switchboard.lambdas.auth.Verdict;
import dev.switchboard.lambdas.auth.VerifierUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@code azure.webpubsub.sys.connect} event: the handshake rules of docs/protocol.md ("Connecting"), the same as
 * the Lambda authorizer and {@code $connect} on AWS. The event's body carries what the client sent
 * (MicrosoftDocs/azure-docs articles/azure-web-pubsub/reference-cloud-events.md, "System connect event"):
 * {@code query} (each parameter a list of values), {@code headers}, and {@code subprotocols} (the offers of
 * {@code Sec-WebSocket-Protocol}), so both token transports reach the handler.
 *
 * <table>
 *   <caption>answers (a 4xx "will be returned as the response for the client request")</caption>
 *   <tr><th>status</th><th>when</th></tr>
 *   <tr><td>200 {@code {"userId":sub,"subprotocol":"switchboard.v2","groups":[room]}}</td><td>the token verified;
 *       {@code subprotocol} only when offered, {@code groups} only with {@code ?room=}</td></tr>
 *   <tr><td>400</td><td>a {@code bearer.} offer without {@code switchboard.v2}; an invalid {@code room}</td></tr>
 *   <tr><td>401</td><td>no token in either transport, or an empty one</td></tr>
 *   <tr><td>403</td><td>an invalid token, a token in both transports, two bearer offers, two {@code token}
 *       parameters</td></tr>
 *   <tr><td>429</td><td>TOO_MANY_CONNECTIONS: the user holds {@code maxConnectionsPerUser} connections the service
 *       still has (records of connections it no longer has are cleaned up first)</td></tr>
 *   <tr><td>500</td><td>the JWKS cannot be fetched, or the state cannot be written</td></tr>
 * </table>
 * Each refusal is logged with its {@link Reason} (never the token).
 */
final class ConnectEvents {
    /** A slot younger than this is never reclaimed (its handshake may still be running). */
    static final Duration HANDSHAKE_GRACE = Duration.ofSeconds(60);
    private final TokenVerifier verifier;
    private final Connections connections;
    private final ConnectionSlots slots;
    private final Rooms rooms;
    private final Disconnects disconnects;
    private final Hub hub;
    private final Limits limits;
    private final Clock clock;
    private final Logger log;

    ConnectEvents(TokenVerifier verifier, Connections connections, ConnectionSlots slots, Rooms rooms,
                  Disconnects disconnects, Hub hub, Limits limits, Clock clock, Logger log) {
        this.verifier = verifier;
        this.connections = connections;
        this.slots = slots;
        this.rooms = rooms;
        this.disconnects = disconnects;
        this.hub = hub;
        this.limits = limits;
        this.clock = clock;
        this.log = log;
    }

    Reply handle(CloudEvent event, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new CloudEvent.Malformed("the connect event's body must be a JSON object");
        }
        List<String> offers = HandshakeToken.offers(offers(body));
        List<String> tokens = values(body.path("query"), "token");
        HandshakeToken token = tokens.size() > 1 ? new HandshakeToken(null, HandshakeToken.Transport.AMBIGUOUS)
                : HandshakeToken.of(tokens.isEmpty() ? null : tokens.get(0), offers);
        Verdict verdict = switch (token.transport()) {
            case NONE -> Verdict.deny(Reason.MISSING_TOKEN);
            case AMBIGUOUS -> Verdict.deny(Reason.AMBIGUOUS_TOKEN);
            case QUERY, HEADER -> verify(token.token());
        };
        if (verdict == null) {
            return Reply.status(500, "the token could not be checked now; try again");
        }
        if (!verdict.allowed()) {
            log.info(() -> "connect refused: reason=" + verdict.reason() + " transport=" + token.transport()
                    + " connectionId=" + event.connectionId());
            return verdict.reason() == Reason.MISSING_TOKEN ? Reply.status(401, "Unauthorized")
                    : Reply.status(403, "Forbidden");
        }
        boolean v2 = offers.contains(Handshake.SUBPROTOCOL);
        if (!v2 && offers.stream().anyMatch(o -> o.startsWith(Handshake.BEARER_PREFIX))) {
            return Reply.status(400, "offer the subprotocol " + Handshake.SUBPROTOCOL + " beside the bearer token");
        }
        List<String> roomValues = values(body.path("query"), "room");
        String room = roomValues.isEmpty() ? null : roomValues.get(0);
        if (room != null) {
            try {
                RoomNames.require(room);
            } catch (ProtocolException e) {
                return Reply.status(400, e.getMessage());
            }
        }
        String user = verdict.subject();
        if (!takeSlot(user, event.connectionId())) {
            log.info(() -> "connect refused: reason=TOO_MANY_CONNECTIONS connectionId=" + event.connectionId());
            return new Reply(429, Map.of("Content-Type", "application/json"), Json.bytes(Frames.error(
                    ErrorCode.TOO_MANY_CONNECTIONS, "at most " + limits.maxConnectionsPerUser()
                            + " open connections per user")));
        }
        Connection c = new Connection(event.connectionId(), user, clock.millis());
        try {
            connections.add(c);
            if (room != null) {
                rooms.join(c, room, false);
            }
        } catch (RuntimeException e) {
            slots.release(user, event.connectionId());
            throw e;
        }
        ObjectNode answer = Json.object().put("userId", user);
        if (v2) {
            answer.put("subprotocol", Handshake.SUBPROTOCOL);
        }
        if (room != null) {
            answer.putArray("groups").add(room);
        }
        return Reply.json(Json.write(answer));
    }

    private Verdict verify(String token) {
        try {
            return verifier.verify(token);
        } catch (VerifierUnavailableException e) {
            log.warning(() -> "connect failed: the token verifier is unavailable: " + e.getMessage());
            return null;
        }
    }

    /**
     * Takes one of the user's {@code maxConnectionsPerUser} slots ({@link ConnectionSlots}); when all are held, the
     * slots of connections the service no longer has (a lost {@code disconnected} event) are cleaned up first, so they
     * never lock a user out: one existence check per slot, only at the cap. A slot taken less than
     * {@link #HANDSHAKE_GRACE} ago is never reclaimed: its connection may still be in its own {@code connect} event,
     * which the service does not report as existing yet (the Lambda handlers' StaleSlots keeps the same grace).
     */
    private boolean takeSlot(String user, String connectionId) {
        int max = limits.maxConnectionsPerUser();
        long now = clock.millis();
        if (slots.acquire(user, connectionId, max, now).isPresent()) {
            return true;
        }
        boolean freed = false;
        for (ConnectionSlots.Holder held : slots.holders(user)) {
            if (now - held.takenAt() > HANDSHAKE_GRACE.toMillis() && !hub.connectionExists(held.connectionId())) {
                disconnects.cleanUp(held.connectionId());
                slots.release(user, held.connectionId());
                freed = true;
            }
        }
        return freed && slots.acquire(user, connectionId, max, now).isPresent();
    }

    /** The subprotocol offers: the body's {@code subprotocols}, else the {@code Sec-WebSocket-Protocol} header. */
    private static List<String> offers(JsonNode body) {
        JsonNode sub = body.get("subprotocols");
        List<String> out = new ArrayList<>();
        if (sub != null && sub.isArray()) {
            sub.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
            return out;
        }
        JsonNode headers = body.path("headers");
        for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equalsIgnoreCase(Handshake.PROTOCOL_HEADER)) {
                out.addAll(values(headers, name));
            }
        }
        return out;
    }

    /** The values of a {@code query} or {@code headers} entry: the service sends lists; a lone string is taken too. */
    private static List<String> values(JsonNode map, String name) {
        JsonNode v = map.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            v.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
