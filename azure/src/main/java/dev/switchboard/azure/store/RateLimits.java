package dev.switchboard.azure.store;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import java.util.Optional;

/**
 * The per-user rate limit of docs/protocol.md ("Rate limit"): GCRA on the user's own row {@code u|{user}} /
 * {@code rate}, as the Lambda handlers keep it on DynamoDB. With emission interval {@code T = 1/rate} and tolerance
 * {@code tau = (burst - 1) × T}, a frame arriving at {@code t} passes when {@code tat <= t + tau}, and then
 * {@code tat = max(tat, t) + T}; {@code t} is clamped to the latest arrival already counted ({@code last}).
 *
 * <p>Each frame: one point read, then one replace conditioned on the row's ETag (Table Storage's optimistic
 * concurrency: {@code If-Match}, 412 when another frame of the user wrote first, and the loop re-reads, at most
 * {@link #MAX_ATTEMPTS} times). A frame over the rate costs the read and no write. The caller checks that the
 * connection has a record before it asks (no record, no frames).
 */
public final class RateLimits {
    static final int MAX_ATTEMPTS = 5;
    private final TableClient table;

    public RateLimits(TableClient table) {
        this.table = table;
    }

    /** Whether the user may send one more counted frame that arrived at {@code arrivalMillis}. */
    public boolean tryAcquire(String userId, long arrivalMillis, int ratePerSecond, int burst) {
        long interval = 1_000_000L / Math.max(1, ratePerSecond);
        long tolerance = (Math.max(1, burst) - 1) * interval;
        String pk = StoreKeys.user(userId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<TableEntity> current = Tables.get(table, pk, StoreKeys.RATE);
            if (current.isEmpty()) {
                if (Tables.create(table, new TableEntity(pk, StoreKeys.RATE)
                        .addProperty("tat", arrivalMillis * 1000 + interval).addProperty("last", arrivalMillis))) {
                    return true;
                }
                continue;
            }
            TableEntity e = current.get();
            long tat = ((Number) e.getProperty("tat")).longValue();
            long t = Math.max(arrivalMillis, ((Number) e.getProperty("last")).longValue());
            if (tat > t * 1000 + tolerance) {
                return false;
            }
            e.addProperty("tat", Math.max(tat, t * 1000) + interval).addProperty("last", t);
            try {
                table.updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true, null, null);
                return true;
            } catch (TableServiceException conflict) {
                if (conflict.getResponse().getStatusCode() != 412) {
                    throw conflict;
                }
            }
        }
        return false;
    }

    /** Forgets the user's rate state (when the user's last connection closes). */
    public void forget(String userId) {
        Tables.delete(table, StoreKeys.user(userId), StoreKeys.RATE);
    }
}
