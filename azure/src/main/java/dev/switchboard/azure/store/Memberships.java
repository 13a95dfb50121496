package dev.switchboard.azure.store;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Room membership, per connection: the member row {@code r|{room}} / {@code {user}|{connection}} (pages of users,
 * presence decisions, delivery counts), the connection's back-reference {@code c|{connection}} / {@code room|{room}}
 * (what to leave on disconnect), and the room's connection counter {@code n|{room}} / {@code count|k} (the count of a
 * room larger than one read). Joins and leaves are idempotent: joining twice adds nothing, leaving a room the
 * connection is not in changes nothing. The counter is {@value #COUNTER_SHARDS} rows {@code n|{room}} /
 * {@code count|{k}}, summed on read.
 */
public final class Memberships {
    /** Optimistic updates of a counter retry this many times before giving up (a busy room's joins race). */
    static final int COUNTER_ATTEMPTS = 8;
    /** Counter rows per room. */
    static final int COUNTER_SHARDS = 16;
    private static final List<String> MEMBER_COLUMNS = List.of("RowKey", "userId", "connectedAt");
    private final TableClient table;

    public Memberships(TableClient table) {
        this.table = table;
    }

    /** Adds the connection to the room; true when it was not a member. */
    public boolean join(Connection c, String room) {
        table.upsertEntity(new TableEntity(StoreKeys.connection(c.connectionId()), StoreKeys.ROOM_ROW + room));
        boolean added = Tables.create(table, new TableEntity(StoreKeys.room(room),
                StoreKeys.member(c.userId(), c.connectionId()))
                .addProperty("userId", c.userId()).addProperty("connectedAt", c.connectedAt()));
        if (added) {
            addToCount(room, 1);
        }
        return added;
    }

    /** Removes the connection from the room; true when it was a member. */
    public boolean leave(String connectionId, String userId, String room) {
        boolean removed = Tables.delete(table, StoreKeys.room(room), StoreKeys.member(userId, connectionId));
        Tables.delete(table, StoreKeys.connection(connectionId), StoreKeys.ROOM_ROW + room);
        if (removed) {
            addToCount(room, -1);
        }
        return removed;
    }

    /** Whether the connection is in the room: one point read of its back-reference. */
    public boolean isMember(String connectionId, String room) {
        return Tables.get(table, StoreKeys.connection(connectionId), StoreKeys.ROOM_ROW + room).isPresent();
    }

    /** The rooms the connection joined: one query inside the connection's partition. */
    public List<String> roomsOf(String connectionId) {
        List<String> rooms = new ArrayList<>();
        for (TableEntity e : Tables.withPrefix(table, StoreKeys.connection(connectionId), StoreKeys.ROOM_ROW,
                List.of("RowKey"))) {
            rooms.add(e.getRowKey().substring(StoreKeys.ROOM_ROW.length()));
        }
        return rooms;
    }

    /**
     * Up to {@code limit} distinct users of the room after {@code afterUser} (null: from the start), with their member
     * connections; reads one row past the page to know whether more follow. One query inside the room's partition.
     */
    public MemberPage page(String room, String afterUser, int limit) {
        String from = afterUser == null ? "" : StoreKeys.escape(afterUser) + StoreKeys.AFTER_SEPARATOR;
        Set<String> users = new LinkedHashSet<>();
        List<Member> members = new ArrayList<>();
        for (TableEntity e : Tables.range(table, StoreKeys.room(room), from, null, MEMBER_COLUMNS)) {
            Member m = member(e);
            if (!users.contains(m.userId()) && users.size() == limit) {
                return new MemberPage(new ArrayList<>(users), members, true);
            }
            users.add(m.userId());
            members.add(m);
        }
        return new MemberPage(new ArrayList<>(users), members, false);
    }

    /** The user's member connections in the room: one query over the user's rows of the room's partition. */
    public List<Member> connectionsOf(String room, String userId) {
        List<Member> out = new ArrayList<>();
        for (TableEntity e : Tables.withPrefix(table, StoreKeys.room(room), StoreKeys.escape(userId) + "|",
                MEMBER_COLUMNS)) {
            out.add(member(e));
        }
        return out;
    }

    /**
     * The room's member connections as its counters hold them (0 for a room nobody joined): one query of the room's
     * {@value #COUNTER_SHARDS} counter rows.
     */
    public long connectionCount(String room) {
        long sum = 0;
        for (TableEntity e : Tables.withPrefix(table, StoreKeys.roomCount(room), StoreKeys.COUNT,
                List.of("RowKey", "connections"))) {
            sum += ((Number) e.getProperty("connections")).longValue();
        }
        return Math.max(0, sum);
    }

    private static Member member(TableEntity e) {
        String rk = e.getRowKey();
        int bar = rk.indexOf('|');
        return new Member((String) e.getProperty("userId"), StoreKeys.unescape(rk.substring(bar + 1)),
                ((Number) e.getProperty("connectedAt")).longValue());
    }

    /**
     * Adds {@code delta} to one of the room's counter rows, picked at random: Table Storage has no atomic increment,
     * so each row is updated read-then-replace on its ETag, and {@value #COUNTER_SHARDS} rows keep a busy room's joins
     * from queueing on one (24 concurrent joins on a single row failed some after {@value #COUNTER_ATTEMPTS} tries).
     * A row may go negative (a leave counted on another row than its join); the sum is what counts.
     */
    private void addToCount(String room, long delta) {
        String pk = StoreKeys.roomCount(room);
        for (int attempt = 0; attempt < COUNTER_ATTEMPTS; attempt++) {
            String rk = StoreKeys.COUNT + "|" + ThreadLocalRandom.current().nextInt(COUNTER_SHARDS);
            Optional<TableEntity> current = Tables.get(table, pk, rk);
            if (current.isEmpty()) {
                if (Tables.create(table, new TableEntity(pk, rk).addProperty("connections", delta))) {
                    return;
                }
                continue;
            }
            TableEntity e = current.get();
            e.addProperty("connections", ((Number) e.getProperty("connections")).longValue() + delta);
            try {
                table.updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true, null, null);
                return;
            } catch (TableServiceException conflict) {
                if (conflict.getResponse().getStatusCode() != 412) {
                    throw conflict;
                }
            }
        }
        throw new IllegalStateException("the member counters of room '" + room + "' stayed contended for "
                + COUNTER_ATTEMPTS + " attempts");
    }
}
