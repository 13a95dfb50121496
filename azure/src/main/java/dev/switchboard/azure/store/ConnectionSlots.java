package dev.switchboard.azure.store;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user connection cap (docs/protocol.md, "Per-user limits"): a user holds at most {@code max} slots
 * {@code u|{user}} / {@code slot|{i}} ({@code 0 <= i < max}), each naming the connection that holds it. A connection
 * takes a slot with a conditional insert (Table Storage answers 409 when the row exists), so two connects that race
 * for the last slot cannot both win, as the DynamoDB slots' conditional writes on AWS. One partition query finds the
 * free indexes; a lost race moves on to the next one.
 */
public final class ConnectionSlots {
    static final String SLOT_ROW = "slot|";
    private final TableClient table;

    public ConnectionSlots(TableClient table) {
        this.table = table;
    }

    /** A held slot: its connection, and when it was taken (epoch ms). */
    public record Holder(String connectionId, long takenAt) {
    }

    /** Takes a free slot for the connection at {@code now} (epoch ms); empty when the user holds all {@code max}. */
    public Optional<Integer> acquire(String userId, String connectionId, int max, long now) {
        Set<Integer> taken = new HashSet<>();
        for (TableEntity e : rows(userId)) {
            taken.add(Integer.parseInt(e.getRowKey().substring(SLOT_ROW.length())));
        }
        for (int i = 0; i < max; i++) {
            if (!taken.contains(i) && Tables.create(table, new TableEntity(StoreKeys.user(userId), SLOT_ROW + i)
                    .addProperty("connectionId", connectionId).addProperty("takenAt", now))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The connections holding the user's slots. */
    public List<Holder> holders(String userId) {
        List<Holder> out = new ArrayList<>();
        for (TableEntity e : rows(userId)) {
            out.add(new Holder((String) e.getProperty("connectionId"), ((Number) e.getProperty("takenAt")).longValue()));
        }
        return out;
    }

    /** Frees the slot the connection holds, if any (a slot another connection took meanwhile stays). */
    public void release(String userId, String connectionId) {
        for (TableEntity e : rows(userId)) {
            if (connectionId.equals(e.getProperty("connectionId"))) {
                Tables.delete(table, StoreKeys.user(userId), e.getRowKey());
            }
        }
    }

    private Iterable<TableEntity> rows(String userId) {
        return Tables.withPrefix(table, StoreKeys.user(userId), SLOT_ROW, List.of("RowKey", "connectionId", "takenAt"));
    }
}
