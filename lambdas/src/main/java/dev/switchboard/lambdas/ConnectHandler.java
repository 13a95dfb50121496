package dev.switchboard.lambdas;

import dev.switchboard.blueprint.Handshake;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.InvocationDeadline;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import dev.switchboard.lambdas.api.RoomNames;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.auth.HandshakeToken;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Rooms;
import java.util.List;
import java.util.Map;

/**
 * {@code $connect}: stores the connection (user, connectedAt, region, callback URL, TTL) and, with
 * {@code ?room=<name>}, joins that room: the other members get presence, the joiner gets no {@code joined} frame (a
 * post to a connection during its own {@code $connect} answers 410). 200 opens the handshake; an invalid room name
 * answers 400; a user who already holds {@code maxConnectionsPerUser} connections ({@link ConnectionSlots}) answers 429
 * TOO_MANY_CONNECTIONS, before anything is stored, unless one of them is gone ({@link StaleSlots}). A failure while
 * taking the slot or after it refuses the handshake (500) and removes what was stored ({@link ConnectionCleanup}, with
 * {@link #CLEANUP_RESERVE_MILLIS} of the invocation kept for it): API Gateway sends no {@code $disconnect} for a
 * connection whose {@code $connect} failed.
 *
 * <p>Subprotocols (docs/protocol.md, "Connecting"): a client that offers {@value Handshake#SUBPROTOCOL} gets it back
 * in {@code Sec-WebSocket-Protocol} (API Gateway passes the header of the {@code $connect} result to the 101,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html); the
 * {@code bearer.} offer that carried its token is never echoed. A {@code bearer.} offer without
 * {@value Handshake#SUBPROTOCOL} answers 400 before anything is stored: a browser fails a handshake whose answer
 * names no protocol it offered, or names none at all.
 */
public class ConnectHandler extends RouteHandler {
    public ConnectHandler() {
        this(System.getenv());
    }

    /**
     * Time of the invocation kept for the clean-up of a failed {@code $connect}: its slot, record and membership calls
     * are cut this much before the deadline (less the store's margin), so that the clean-up's calls get this long; a
     * slot taken by a call that timed out on the client may have been written, so it is cleaned up too. Without a
     * reserve the fault matrix at 20 % left slots of {@code $connect}s that spent their whole 10 s on slow calls (the
     * clean-up's calls got 1 ms). A reserve is time the handshake no longer has: with 3 s the quiet 20 % runs refused
     * 34 and 17 handshakes instead of 6 and 5, and still left 3 and 2 connections' records (BENCHMARKS.md, "Fault
     * matrix"). 1 s keeps the two slow 3 s attempts a handshake survived before and gives a clean-up whose calls answer
     * at once the time it needs.
     */
    static final long CLEANUP_RESERVE_MILLIS = 1_000;

    public ConnectHandler(Map<String, String> env) {
        super(env);
    }

    ConnectHandler(HandlerContext ctx) {
        super(ctx);
    }

    @Override
    protected RouteResponse handle(WebSocketRequest r) {
        Member me = ctx.admission().sender(r);
        if (me.userId() == null) {
            throw new IllegalStateException("the authorizer context has neither userId nor principalId");
        }
        List<String> offers = HandshakeToken.offers(r.headerValues(Handshake.PROTOCOL_HEADER));
        boolean v2 = offers.contains(Handshake.SUBPROTOCOL);
        if (!v2 && offers.stream().anyMatch(o -> o.startsWith(Handshake.BEARER_PREFIX))) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "offer the subprotocol " + Handshake.SUBPROTOCOL
                    + " beside the bearer token");
        }
        String room = r.queryParameter("room");
        if (room != null) {
            RoomNames.require(room);
        }
        int max = ctx.config().maxConnectionsPerUser();
        try {
            boolean admitted = InvocationDeadline.reserving(CLEANUP_RESERVE_MILLIS,
                    () -> ctx.repository().acquireSlot(me.userId(), me.connectionId(), max, ctx.admission().ttl(r))
                            || StaleSlots.takeOverOne(ctx, r, me, ctx.admission().ttl(r)));
            if (!admitted) {
                return new RouteResponse(429, Json.write(Frames.error(ErrorCode.TOO_MANY_CONNECTIONS,
                        "at most " + max + " open connections per user")));
            }
            InvocationDeadline.reserving(CLEANUP_RESERVE_MILLIS, () -> {
                ctx.repository().putConnection(me, r.connectedAt(), ctx.admission().ttl(r));
                if (room != null) {
                    Rooms.Joined j = ctx.rooms().join(me, room, ctx.admission().ttl(r));
                    SendHandler.countFanOut(r, j.presence());
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the handshake is refused and no $disconnect follows it: undo what this invocation stored
            try {
                ConnectionCleanup.run(ctx, me);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return v2 ? new RouteResponse(200, null, Map.of(Handshake.PROTOCOL_HEADER, Handshake.SUBPROTOCOL))
                : RouteResponse.ok();
    }
}
