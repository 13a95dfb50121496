package dev.switchboard.cost;

/**
 * Azure Table Storage transactions per protocol action of the Azure event handler ({@code azure/}: the function's
 * {@code ConnectEvents}, {@code MessageEvents}, {@code Rooms}, {@code Disconnects} and the stores under
 * {@code dev.switchboard.azure.store}), counted request by request from that code and checked against it: the azure
 * module's {@code TableTransactionsTest} drives the handler against Azurite, counts the HTTP requests its table client
 * makes per action and asserts they equal these.
 *
 * <p>Every request to the Table service is a billed transaction, a failed one too (a 404 point read, a 409 insert, a
 * 412 replace: "ClientOtherError ... Billable: Yes",
 * https://learn.microsoft.com/rest/api/storageservices/storage-analytics-logged-operations-and-status-messages); a
 * query costs one per page, and a page holds at most 1,000 entities
 * (https://learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination). Reads are point reads and
 * queries; writes are inserts, upserts, replaces and deletes. The handler's patterns, from which the counts follow:
 * <ul>
 *   <li>a delete reads the entity first and deletes on its ETag (the SDK treats a 404 on delete as success, and the
 *   handler needs to know whether it removed something): 1 read, 1 write;</li>
 *   <li>a room's member counter is 16 rows, one picked at random per change and read, then replaced on its ETag (or
 *   inserted when absent): 1 read, 1 write; summing it is one query of the 16 rows;</li>
 *   <li>a counted frame ({@code join}, {@code members}, {@code leave}, {@code send}, {@code whisper}) first reads the
 *   connection's record and then the user's rate-limit row, which it replaces on its ETag: 2 reads, 1 write;</li>
 *   <li>the per-user connection cap is a query of the user's slots and a conditional insert of a free one.</li>
 * </ul>
 * The counts assume no lost race (a retried counter or rate-limit update costs another read and write) and a
 * function instance that has read the member cursors' key once (its first cursor costs an insert and a read).
 */
public final class TableOperations {
    /** Entities a query returns per page (one transaction each). */
    public static final int PAGE = 1000;

    /** Transactions of one action (fractional when averaged over a traffic mix). */
    public record Ops(double reads, double writes) {
        public static final Ops NONE = new Ops(0, 0);

        public Ops plus(Ops o) {
            return new Ops(reads + o.reads, writes + o.writes);
        }

        public Ops times(double n) {
            return new Ops(reads * n, writes * n);
        }
    }

    /**
     * The room an action touches and the limits that shape its reads.
     *
     * @param size               the room's member connections, one per user: after the connection joined, before
     *                           it leaves
     * @param pageSize           users in a {@code joined} or {@code members} reply (the blueprint's
     *                           {@code membersPageSize})
     * @param presenceMaxMembers presence only in rooms of at most this many users (the blueprint's limit)
     */
    public record Room(long size, int pageSize, int presenceMaxMembers) {
        public Room {
            if (size < 1 || pageSize < 1 || presenceMaxMembers < 1) {
                throw new IllegalArgumentException("a room has at least 1 member and limits of at least 1: " + size
                        + ", " + pageSize + ", " + presenceMaxMembers);
            }
        }
    }

    /** Counter rows of a room (the handler's {@code Memberships.COUNTER_SHARDS}), summed by one query. */
    private static final int COUNTER_ROWS = 16;
    private static final Ops READ = new Ops(1, 0);
    private static final Ops WRITE = new Ops(0, 1);
    /** A delete: the point read for the ETag, the delete on it. */
    private static final Ops DELETE = new Ops(1, 1);
    /** One change of a room's member counter: the read of a counter row, its replace (or insert). */
    private static final Ops COUNTER = new Ops(1, 1);
    /** What every counted frame does first: the connection's record, the rate-limit row read and replaced. */
    private static final Ops ADMIT = new Ops(2, 1);

    private TableOperations() {
    }

    /** Query transactions to read {@code rows} entities of a partition: one per started page, at least one. */
    public static double pages(long rows) {
        return Math.max(1, Math.ceil(rows / (double) PAGE));
    }

    private static Ops query(long rows) {
        return new Ops(pages(rows), 0);
    }

    /**
     * A {@code connect} event that takes a slot under the cap: the query of the user's slots, the slot's insert, the
     * connection's record and its row under the user (two upserts). Joining {@code ?room=} adds
     * {@link #joinOnConnect}.
     */
    public static Ops connect() {
        return query(1).plus(WRITE.times(3));
    }

    /**
     * A {@code connect} refused with 429 because the user holds every slot, all of them younger than the handshake
     * grace or held by connections the service still has (asking it is a Web PubSub call, not a table one): the
     * slot query of the attempt, and the query of the holders.
     */
    public static Ops connectAtCap() {
        return query(1).times(2);
    }

    /**
     * Joining a room on {@code connect} ({@code ?room=}): the connection's back-reference (upsert), the member row
     * (insert), the counter; then the first members of the room, read up to {@code max(pageSize,
     * presenceMaxMembers)} users and one more (for presence and the {@code joined} reply): when more follow, the
     * count is the counter's query instead of the rows read.
     */
    public static Ops joinOnConnect(Room room) {
        int readUsers = Math.max(room.pageSize(), room.presenceMaxMembers());
        Ops ops = WRITE.times(2).plus(COUNTER);
        if (room.size() <= readUsers) {
            return ops.plus(query(room.size()));
        }
        return ops.plus(query(readUsers + 1L)).plus(query(COUNTER_ROWS));
    }

    /** A {@code join} frame: a counted frame, and what {@link #joinOnConnect} does. */
    public static Ops join(Room room) {
        return ADMIT.plus(joinOnConnect(room));
    }

    /**
     * Leaving a room without the counted frame's reads (a {@code leave} frame, or each room on disconnect): the member
     * row and the back-reference deleted, the counter, the query of the user's other connections in the room; when
     * there are none ({@code lastOfUser}), the room's remaining members read up to {@code presenceMaxMembers} users
     * and one more (whether to announce the leave).
     */
    private static Ops leaveRoom(Room room, boolean lastOfUser) {
        Ops ops = DELETE.times(2).plus(COUNTER).plus(query(1));
        if (!lastOfUser) {
            return ops;
        }
        return ops.plus(query(Math.min(room.size() - 1, room.presenceMaxMembers() + 1L)));
    }

    /** A {@code leave} frame; {@code lastOfUser}: no other connection of the user is in the room. */
    public static Ops leave(Room room, boolean lastOfUser) {
        return ADMIT.plus(leaveRoom(room, lastOfUser));
    }

    /**
     * A {@code members} frame for the first page: a counted frame, the membership check (a point read of the
     * back-reference), and the page: up to {@code pageSize} users and one more.
     */
    public static Ops members(Room room) {
        return ADMIT.plus(READ).plus(query(Math.min(room.size(), room.pageSize() + 1L)));
    }

    /**
     * A {@code send}: a counted frame and the membership check; the group send is a Web PubSub call. With
     * {@code ack}, the ack's {@code delivered} is the counter's query.
     */
    public static Ops send(boolean ack) {
        Ops ops = ADMIT.plus(READ);
        return ack ? ops.plus(query(COUNTER_ROWS)) : ops;
    }

    /** A {@code whisper}: a counted frame and the query of the recipient's connections (its ack's count). */
    public static Ops whisper() {
        return ADMIT.plus(query(1));
    }

    /** A {@code ping}: answered without the table (and not counted against the rate limit). */
    public static Ops ping() {
        return Ops.NONE;
    }

    /**
     * The {@code disconnected} event of a connection in {@code rooms} rooms like {@code room}, the last of its user in
     * each: the connection's record, the query of its rooms, each room left, the record and the user's row deleted,
     * the query of the user's slots and the slot deleted.
     */
    public static Ops disconnect(int rooms, Room room) {
        Ops ops = READ.plus(query(1)).plus(DELETE.times(2)).plus(query(1)).plus(DELETE);
        return rooms == 0 ? ops : ops.plus(leaveRoom(room, true).times(rooms));
    }
}
