package dev.switchboard.lambdas;

import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.api.WebSocketRequest;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.lambdas.store.Slot;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code $connect} at the per-user cap takes over the slot of one of the user's connections that is gone. API
 * Gateway's {@code $disconnect} is "a best-effort event" that "cannot guarantee delivery"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html),
 * and a clean-up can fail for good under faults; without this, each lost {@code $disconnect} would hold one of the
 * user's slots until its TTL (2 h 10 min by default) and, after a few, lock the user out with TOO_MANY_CONNECTIONS.
 *
 * <p>Only slots taken more than {@link #HANDSHAKE_GRACE_SECONDS} ago are looked at: a connection whose {@code $connect}
 * is still running holds its slot and may hold its record, but API Gateway answers 410 for it until the handshake
 * completes (a post during {@code $connect} does). Of those, a holder is gone when it has no connection record (a
 * handshake that failed before storing it and could not give the slot back) or when GetConnection answers 410
 * ({@link ManagementApi#liveness}); any other answer counts as open. The takeover is conditional on the holder, so
 * two handshakes cannot take one slot. The gone connection's other records are left for the fan-out (a post answered 410 forgets
 * the connection) and for their TTL: cleaning them here would spend the handshake's time.
 */
final class StaleSlots {
    /**
     * How long a slot is left alone after it was taken: longer than any {@code $connect} runs (API Gateway's
     * integration timeout is at most 29 s).
     */
    static final long HANDSHAKE_GRACE_SECONDS = 60;

    private StaleSlots() {
    }

    /** Takes over the first slot of {@code me}'s user whose holder is gone; whether one was taken. */
    static boolean takeOverOne(HandlerContext ctx, WebSocketRequest r, Member me, long ttl) {
        long nowSeconds = ctx.clock().millis() / 1000;
        for (Slot slot : ctx.repository().slotHolders(me.userId())) {
            if (slot.connectionId().equals(me.connectionId())) {
                continue;
            }
            if (nowSeconds - takenAt(ctx, slot) <= HANDSHAKE_GRACE_SECONDS) {
                continue;
            }
            Optional<Member> holder = ctx.repository().connection(slot.connectionId());
            boolean gone = holder.isEmpty()
                    || ctx.managementApi().liveness(holder.get()) == ManagementApi.Liveness.GONE;
            if (gone && ctx.repository().takeOverSlot(me.userId(), slot, me.connectionId(), ttl)) {
                ctx.telemetry().warn(r, "took over the connection slot of a gone connection",
                        Map.of("goneConnectionId", slot.connectionId(), "slot", slot.sortKey(),
                                "holderRecord", holder.isPresent()));
                return true;
            }
        }
        return false;
    }

    /** When the slot was taken; for a slot without the attribute, its holder's connectedAt (its TTL less the TTL span). */
    private static long takenAt(HandlerContext ctx, Slot slot) {
        if (slot.takenAt() != null) {
            return slot.takenAt();
        }
        return slot.ttl() == null ? Long.MAX_VALUE : slot.ttl() - ctx.config().connectionTtlSeconds();
    }
}
