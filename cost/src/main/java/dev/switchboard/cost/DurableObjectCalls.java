package dev.switchboard.cost;

/**
 * What each client action costs the reference Worker ({@code cloudflare/src/worker}) on Cloudflare, counted from its
 * code as {@link AccessPatterns} counts DynamoDB units from the handlers': the incoming WebSocket messages (billed at
 * {@value #WS_MESSAGES_PER_REQUEST}:1 as Durable Objects requests), every call into a Durable Object (each fetch to a
 * stub and each RPC method call on one is a billed request), and the SQLite rows each action reads and writes.
 *
 * <p>The design (docs/cloudflare.md): the Worker hands the upgrade to the {@code Shard} of the user
 * ({@code index.mjs upgrade}: {@code stub.fetch}); a connection's rooms are rows of its shard; a {@code Room} object
 * per room holds the members and fans a frame out with one {@code deliver} call per shard that has members
 * ({@code room.mjs fanOut}); a whisper is one {@code deliverToUser} call to the target user's shard unless it is the
 * sender's ({@code shard.mjs handle}, case {@code whisper}). {@code DurableObjectCallsTest} reads the Worker's sources
 * and fails when these call sites change.
 *
 * <p>Rows: SQLite counts a written row for the table and one for each index it updates (an assumption for Durable
 * Objects, as D1 documents for the same engine): a {@code memberships} row of a shard (primary key
 * {@code (conn, room)}: the table and its key's index) is {@value #SHARD_MEMBERSHIP_ROWS} rows, a {@code members} row
 * of a room (primary key {@code conn} and the {@code members_user} index) is {@value #ROOM_MEMBER_ROWS}.
 */
public final class DurableObjectCalls {
    /**
     * Incoming WebSocket messages per billed request: "a 20:1 ratio is applied to incoming WebSocket messages"
     * (https://developers.cloudflare.com/durable-objects/platform/pricing/).
     */
    public static final int WS_MESSAGES_PER_REQUEST = 20;
    /** Rows written by an insert or delete of a shard's {@code memberships} row: the row and its key's index. */
    public static final int SHARD_MEMBERSHIP_ROWS = 2;
    /** Rows written by an insert or delete of a room's {@code members} row: the row, its key's index, by user. */
    public static final int ROOM_MEMBER_ROWS = 3;

    /**
     * The billed events of one action (or of many, after {@link #times}).
     *
     * @param incomingMessages WebSocket messages a client sends to its shard (billed 20:1)
     * @param workerToShard    the Worker's {@code fetch} of the upgrade to the user's shard
     * @param shardToRoom      RPC calls from a shard to a room ({@code join}, {@code leave}, {@code members},
     *                         {@code fanOut})
     * @param roomToShard      RPC calls from a room to the shards with members ({@code deliver}: fan-out, presence)
     * @param shardToShard     RPC calls from a shard to another ({@code deliverToUser}: whispers)
     * @param rowsRead         SQLite rows read
     * @param rowsWritten      SQLite rows written
     */
    public record Calls(double incomingMessages, double workerToShard, double shardToRoom, double roomToShard,
                        double shardToShard, double rowsRead, double rowsWritten) {
        public static final Calls NONE = new Calls(0, 0, 0, 0, 0, 0, 0);

        public Calls plus(Calls o) {
            return new Calls(incomingMessages + o.incomingMessages, workerToShard + o.workerToShard,
                    shardToRoom + o.shardToRoom, roomToShard + o.roomToShard, shardToShard + o.shardToShard,
                    rowsRead + o.rowsRead, rowsWritten + o.rowsWritten);
        }

        public Calls times(double n) {
            return new Calls(incomingMessages * n, workerToShard * n, shardToRoom * n, roomToShard * n,
                    shardToShard * n, rowsRead * n, rowsWritten * n);
        }

        /** Billed Durable Objects requests: the incoming messages at 20:1 and every call. */
        public double billedRequests() {
            return incomingMessages / WS_MESSAGES_PER_REQUEST + calls();
        }

        /** Calls into Durable Objects (each a billed request). */
        public double calls() {
            return workerToShard + shardToRoom + roomToShard + shardToShard;
        }

        /** Events that make a shard run a handler: messages, the upgrade, deliveries from rooms and shards. */
        public double shardEvents() {
            return incomingMessages + workerToShard + roomToShard + shardToShard;
        }

        /** Events that make a room run a handler: the calls from shards. */
        public double roomEvents() {
            return shardToRoom;
        }
    }

    private final int shards;
    private final int presenceMaxMembers;
    private final int membersPageSize;

    /**
     * @param shards             {@code S}, the connection shards ({@code SWITCHBOARD.shards})
     * @param presenceMaxMembers the blueprint's {@code Limits.presenceMaxMembers}: larger rooms send no presence
     * @param membersPageSize    the blueprint's {@code Limits.membersPageSize}: the members a page query reads
     */
    public DurableObjectCalls(int shards, int presenceMaxMembers, int membersPageSize) {
        if (shards < 1) {
            throw new CostUsageException("--shards must be 1 or more, got " + shards);
        }
        this.shards = shards;
        this.presenceMaxMembers = presenceMaxMembers;
        this.membersPageSize = membersPageSize;
    }

    /**
     * {@code k}: the expected number of distinct shards that hold the {@code members} users of a room, the sender's
     * included, when users hash uniformly onto {@code S} shards: {@code S × (1 − (1 − 1/S)^members)}. A room calls
     * every one of them on a fan-out ({@code room.mjs fanOut} iterates its shard counts, whether or not a shard's
     * only member is the excluded sender).
     */
    public double shardsWithMembers(long members) {
        if (members <= 0) {
            return 0;
        }
        return shards * (1 - Math.pow(1 - 1d / shards, members));
    }

    /** Presence goes out when a room has more than one and at most {@code presenceMaxMembers} users. */
    public boolean presence(long members) {
        return members > 1 && members <= presenceMaxMembers;
    }

    /**
     * The upgrade ({@code index.mjs upgrade}): one fetch from the Worker to the user's shard; with {@code ?room=} the
     * shard joins the room ({@code Shard.fetch} → {@code joinRoom} → {@code Room.join}, without a members page).
     */
    public Calls upgrade(boolean withRoom, long members) {
        Calls fetch = new Calls(0, 1, 0, 0, 0, 0, 0);
        return withRoom ? fetch.plus(joinCall(members, false)) : fetch;
    }

    /** A {@code join} frame: the message, then the shard's row, the room's row, presence and the first page. */
    public Calls join(long members) {
        return message().plus(joinCall(members, true));
    }

    /** A {@code leave} frame: the message, then the shard's and the room's rows deleted, presence. */
    public Calls leave(long members) {
        return message().plus(leaveCall(members));
    }

    /**
     * A closed connection ({@code webSocketClose} → {@code forget}): its rooms read from the shard's SQLite, then a
     * leave of each. The close event is counted as one incoming message (an assumption: the pricing page bills
     * "WebSocket messages" and does not name close events).
     */
    public Calls close(int rooms, long members) {
        return message().plus(new Calls(0, 0, 0, 0, 0, Math.max(1, rooms), 0))
                .plus(leaveCall(members).times(rooms));
    }

    /**
     * A {@code send} ({@code shard.mjs handle}, case {@code send}): the message, one {@code fanOut} call to the room
     * and one {@code deliver} call per shard with members. Nothing is read or written: the shard checks membership
     * in memory, the room keeps its shard counts in memory.
     */
    public Calls send(long members) {
        return new Calls(1, 0, 1, shardsWithMembers(members), 0, 0, 0);
    }

    /** A {@code whisper}: the message and, with probability {@code (S − 1)/S}, one call to the target's shard. */
    public Calls whisper() {
        return new Calls(1, 0, 0, 0, (shards - 1) / (double) shards, 0, 0);
    }

    /** A {@code members} frame: the message and one call to the room, which reads a page. */
    public Calls members(long members) {
        return new Calls(1, 0, 1, 0, 0, page(members), 0);
    }

    private static Calls message() {
        return new Calls(1, 0, 0, 0, 0, 0, 0);
    }

    /** Rows a page query reads: up to {@code membersPageSize + 1} members in user order. */
    private double page(long members) {
        return Math.min(members, membersPageSize + 1L);
    }

    /** {@code Shard.joinRoom}: INSERT the membership; {@code Room.join}: look the connection up, INSERT, presence. */
    private Calls joinCall(long members, boolean withPage) {
        double reads = 1 + (withPage ? page(members) : 0);
        return new Calls(0, 0, 1, presence(members) ? shardsWithMembers(members) : 0, 0, reads,
                SHARD_MEMBERSHIP_ROWS + ROOM_MEMBER_ROWS);
    }

    /** {@code Shard.leaveRoom}: DELETE the membership; {@code Room.leave}: read the row, DELETE it, presence. */
    private Calls leaveCall(long members) {
        return new Calls(0, 0, 1, presence(members) ? shardsWithMembers(members) : 0, 0, 2,
                SHARD_MEMBERSHIP_ROWS + ROOM_MEMBER_ROWS);
    }
}
