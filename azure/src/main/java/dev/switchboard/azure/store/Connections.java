package dev.switchboard.azure.store;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Connection records: {@code c|{id}} / {@code meta} (who, since when) and the user's index row {@code u|{user}} /
 * {@code conn|{id}} (whom a whisper reaches). Written on {@code connect}, deleted on {@code disconnected}. The cap on
 * a user's connections is {@link ConnectionSlots}.
 */
public final class Connections {
    private static final List<String> ROW_KEY = List.of("RowKey");
    private final TableClient table;

    public Connections(TableClient table) {
        this.table = table;
    }

    /** Records the connection: its meta row and its row under the user. */
    public void add(Connection c) {
        table.upsertEntity(new TableEntity(StoreKeys.connection(c.connectionId()), StoreKeys.META)
                .addProperty("userId", c.userId()).addProperty("connectedAt", c.connectedAt()));
        table.upsertEntity(new TableEntity(StoreKeys.user(c.userId()), StoreKeys.CONN_ROW
                + StoreKeys.escape(c.connectionId())).addProperty("connectedAt", c.connectedAt()));
    }

    /** The connection's record: one point read. */
    public Optional<Connection> get(String connectionId) {
        return Tables.get(table, StoreKeys.connection(connectionId), StoreKeys.META)
                .map(e -> new Connection(connectionId, (String) e.getProperty("userId"),
                        ((Number) e.getProperty("connectedAt")).longValue()));
    }

    /** The connection ids the table holds for the user: one query inside the user's partition. */
    public List<String> ofUser(String userId) {
        List<String> ids = new ArrayList<>();
        for (TableEntity e : Tables.withPrefix(table, StoreKeys.user(userId), StoreKeys.CONN_ROW, ROW_KEY)) {
            ids.add(StoreKeys.unescape(e.getRowKey().substring(StoreKeys.CONN_ROW.length())));
        }
        return ids;
    }

    /** Deletes both rows of the connection (absent rows are fine). */
    public void remove(String connectionId, String userId) {
        Tables.delete(table, StoreKeys.user(userId), StoreKeys.CONN_ROW + StoreKeys.escape(connectionId));
        Tables.delete(table, StoreKeys.connection(connectionId), StoreKeys.META);
    }
}
