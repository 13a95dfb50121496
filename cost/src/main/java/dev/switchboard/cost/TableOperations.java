package dev.switchboard.cost;

/**
 * Azure Table Storage transactions per action of the Azure handler as issue 22 designs it (not yet recounted against
 * the handler in {@code azure/}, whose room counter and connection cap take more operations), with the access-pattern
 * discipline of the DynamoDB model (docs/data-model.md: point reads and partition queries, no scans on a request
 * path). Every request to the Table service is a billed transaction (a query is one per page of up to 1,000
 * entities). Table Storage has no conditional update expression, so a counter (the rate limit's GCRA state, a
 * room's member count) is a point read and a write with the read's ETag: two transactions where DynamoDB needs one
 * conditional UpdateItem. Web PubSub delivers to a group itself, so no member list is read to fan out or to announce
 * presence. The entities:
 * <ul>
 *   <li>the connection (partition: the connection id): its user and its rooms;</li>
 *   <li>a membership (partition: the room, row: the connection id), which the members pages query;</li>
 *   <li>a room's member count (partition: the room);</li>
 *   <li>the user's rate-limit state (partition: the user; the rate limit is the user's, docs/protocol.md), kept
 *   after a disconnect for the user's other connections.</li>
 * </ul>
 */
final class TableOperations {
    /** Entities a query returns per page (one transaction each). */
    static final int PAGE = 1000;

    /** Transactions of one action. */
    record Ops(double reads, double writes) {
        static final Ops NONE = new Ops(0, 0);

        Ops plus(Ops o) {
            return new Ops(reads + o.reads, writes + o.writes);
        }

        Ops times(double n) {
            return new Ops(reads * n, writes * n);
        }
    }

    private TableOperations() {
    }

    /** The {@code connect} event: insert the connection entity. */
    static Ops connect() {
        return new Ops(0, 1);
    }

    /**
     * Joining a room (on {@code connect} with {@code ?room=}, or a {@code join} frame): insert the membership, read
     * and write the room's count. A {@code join} frame also records the room on the connection entity (a merge),
     * reads the first members page for its {@code joined} reply and counts against the rate limit.
     */
    static Ops join(long roomSize, boolean frame) {
        Ops ops = new Ops(1, 2);
        if (frame) {
            ops = ops.plus(new Ops(Math.ceil(roomSize / (double) PAGE), 1)).plus(rateLimit());
        }
        return ops;
    }

    /** A counted frame: the rate-limit state read and written with its ETag. */
    static Ops rateLimit() {
        return new Ops(1, 1);
    }

    /**
     * A {@code send}: the rate limit and a point read of the connection entity (is the sender a member of the
     * room?); the group send itself is a Web PubSub REST call, not a table operation.
     */
    static Ops send() {
        return rateLimit().plus(new Ops(1, 0));
    }

    /**
     * The {@code disconnected} event: read the connection entity (its rooms); per room delete the membership and
     * read and write the count; delete the connection entity.
     */
    static Ops disconnect(int rooms) {
        return new Ops(1, 0).plus(new Ops(1, 2).times(rooms)).plus(new Ops(0, 1));
    }
}
