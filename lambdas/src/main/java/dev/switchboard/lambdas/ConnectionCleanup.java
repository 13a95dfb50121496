package dev.switchboard.lambdas;

import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.store.CleanupRetry;
import dev.switchboard.lambdas.store.Member;

/**
 * Everything a connection leaves in the table, removed: its connection slot first (what the user notices, the
 * connection cap), then its memberships and its record, then presence {@code leave} where it was the user's last
 * connection in a room. Run by {@code $disconnect}, and by a {@code $connect} that fails after it stored something:
 * API Gateway then refuses the handshake and never sends a {@code $disconnect} for that connection, so nothing else
 * would remove those records before their TTL. Failed deletes run again while the invocation has time
 * ({@link CleanupRetry}).
 */
final class ConnectionCleanup {
    private ConnectionCleanup() {
    }

    /**
     * Removes {@code me}'s slot, memberships and record.
     *
     * @return the presence posts made
     * @throws RuntimeException the first failure once retries are spent, with the other one suppressed in it
     */
    static int run(HandlerContext ctx, Member me) {
        RuntimeException slotFailed = null;
        try {
            CleanupRetry.untilDone(() -> {
                ctx.repository().releaseSlot(me.userId(), me.connectionId());
                return null;
            });
        } catch (RuntimeException e) {
            slotFailed = e;
        }
        int fanOut;
        try {
            fanOut = ctx.rooms().disconnect(me);
        } catch (RuntimeException e) {
            if (slotFailed != null) {
                e.addSuppressed(slotFailed);
            }
            throw e;
        }
        if (slotFailed != null) {
            throw slotFailed;
        }
        return fanOut;
    }
}
