package dev.switchboard.cost;

import static dev.switchboard.blueprint.ConnectionSchema.CALLBACK_URL;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTED_AT;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTION_ID;
import static dev.switchboard.blueprint.ConnectionSchema.CONN_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1_PK;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1_SK;
import static dev.switchboard.blueprint.ConnectionSchema.META;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.RATE_COUNT;
import static dev.switchboard.blueprint.ConnectionSchema.RATE_WINDOW;
import static dev.switchboard.blueprint.ConnectionSchema.REGION;
import static dev.switchboard.blueprint.ConnectionSchema.ROOM;
import static dev.switchboard.blueprint.ConnectionSchema.ROOM_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.SK;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;
import static dev.switchboard.blueprint.ConnectionSchema.USER_ID;
import static dev.switchboard.blueprint.ConnectionSchema.USER_PREFIX;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DynamoDB request units of each handler operation, read from what the shipped handlers do
 * ({@code dev.switchboard.lambdas.store.ConnectionRepository}, {@code Rooms}) on the connection table's layout
 * ({@link dev.switchboard.blueprint.ConnectionSchema}), metered by DynamoDB's rules: a write costs one unit per started
 * KB of the item on the table, and one more on the {@code byUser} index when it writes an item with the index's keys
 * (the index projects all attributes, so any change of such an item rewrites its index entry); a failed conditional
 * write still costs its unit; a GetItem costs one read unit per started 4 KB, a Query one per started 4 KB of all the
 * items it returns (at least one), half as much when eventually consistent. The handlers read strongly consistent.
 * docs/cost.md lists every pattern.
 *
 * <p>Item sizes are computed from the schema's attribute names and representative values: a 16-character API
 * Gateway connection id, a 36-character user id, a 16-character room name, a 14-character region and a 67-character
 * callback URL.
 */
public final class AccessPatterns {
    static final String SAMPLE_CONNECTION_ID = "L0SM9cOFvHcCIhw=";
    static final String SAMPLE_USER_ID = "6f1c2a34-9b7d-4e8f-a1b2-c3d4e5f60718";
    static final String SAMPLE_ROOM = "general-chat-042";
    static final String SAMPLE_REGION = "ap-northeast-1";
    static final String SAMPLE_CALLBACK_URL = "https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/staging";
    static final long SAMPLE_EPOCH_SECONDS = 1_795_000_000L;
    static final long SAMPLE_EPOCH_MILLIS = 1_795_000_000_000L;

    /**
     * Request units of one operation.
     *
     * @param reads        read units
     * @param tableWrites  write units of writes that change the table (a global table replicates these)
     * @param failedWrites write units of conditional writes whose condition failed (nothing to replicate)
     * @param indexWrites  write units on the {@code byUser} index (every replica maintains its own)
     */
    public record Units(double reads, double tableWrites, double failedWrites, double indexWrites) {
        public static final Units NONE = new Units(0, 0, 0, 0);

        public Units plus(Units o) {
            return new Units(reads + o.reads, tableWrites + o.tableWrites, failedWrites + o.failedWrites,
                    indexWrites + o.indexWrites);
        }

        Units timesReads(double n) {
            return new Units(reads * n, tableWrites, failedWrites, indexWrites);
        }

        public Units times(double n) {
            return new Units(reads * n, tableWrites * n, failedWrites * n, indexWrites * n);
        }
    }

    private final int connectionItemBytes;
    private final int membershipItemBytes;
    private final int byConnectionItemBytes;
    private final boolean consistentReads;

    private AccessPatterns(int connectionItemBytes, int membershipItemBytes, int byConnectionItemBytes,
                           boolean consistentReads) {
        this.connectionItemBytes = connectionItemBytes;
        this.membershipItemBytes = membershipItemBytes;
        this.byConnectionItemBytes = byConnectionItemBytes;
        this.consistentReads = consistentReads;
    }

    /**
     * The patterns of the reference handlers on {@link dev.switchboard.blueprint.ConnectionSchema}.
     *
     * @param consistentReads true as the handlers read (strongly consistent); false to price eventually consistent
     *                        reads instead
     */
    public static AccessPatterns reference(boolean consistentReads) {
        return new AccessPatterns(itemBytes(connectionItem()), itemBytes(membershipItem()),
                itemBytes(byConnectionItem()), consistentReads);
    }

    /** A connection record: {@code CONN#id / META}, indexed by user. */
    static Map<String, Object> connectionItem() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PK, CONN_PREFIX + SAMPLE_CONNECTION_ID);
        m.put(SK, META);
        m.put(GSI1_PK, USER_PREFIX + SAMPLE_USER_ID);
        m.put(GSI1_SK, CONN_PREFIX + SAMPLE_CONNECTION_ID);
        m.put(CONNECTION_ID, SAMPLE_CONNECTION_ID);
        m.put(USER_ID, SAMPLE_USER_ID);
        m.put(CONNECTED_AT, SAMPLE_EPOCH_MILLIS);
        m.put(REGION, SAMPLE_REGION);
        m.put(CALLBACK_URL, SAMPLE_CALLBACK_URL);
        m.put(TTL, SAMPLE_EPOCH_SECONDS);
        m.put(RATE_WINDOW, SAMPLE_EPOCH_SECONDS);
        m.put(RATE_COUNT, 20L);
        return m;
    }

    /** The by-room membership record {@code ROOM#room / CONN#id}: what a fan-out reads for each recipient. */
    static Map<String, Object> membershipItem() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PK, ROOM_PREFIX + SAMPLE_ROOM);
        m.put(SK, CONN_PREFIX + SAMPLE_CONNECTION_ID);
        m.put(CONNECTION_ID, SAMPLE_CONNECTION_ID);
        m.put(USER_ID, SAMPLE_USER_ID);
        m.put(ROOM, SAMPLE_ROOM);
        m.put(REGION, SAMPLE_REGION);
        m.put(CALLBACK_URL, SAMPLE_CALLBACK_URL);
        m.put(TTL, SAMPLE_EPOCH_SECONDS);
        return m;
    }

    /** The by-connection membership record {@code CONN#id / ROOM#room}: what {@code $disconnect} reads. */
    static Map<String, Object> byConnectionItem() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PK, CONN_PREFIX + SAMPLE_CONNECTION_ID);
        m.put(SK, ROOM_PREFIX + SAMPLE_ROOM);
        m.put(CONNECTION_ID, SAMPLE_CONNECTION_ID);
        m.put(USER_ID, SAMPLE_USER_ID);
        m.put(ROOM, SAMPLE_ROOM);
        m.put(TTL, SAMPLE_EPOCH_SECONDS);
        return m;
    }

    /**
     * DynamoDB's item size: the UTF-8 length of each attribute name plus its value; a string counts its UTF-8
     * bytes, a number about one byte per two significant digits plus one.
     */
    static int itemBytes(Map<String, Object> item) {
        int size = 0;
        for (Map.Entry<String, Object> e : item.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            Object v = e.getValue();
            if (v instanceof Number n) {
                String digits = Long.toString(Math.abs(n.longValue())).replaceAll("0+$", "");
                size += (digits.length() + 1) / 2 + 1;
            } else {
                size += v.toString().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return size;
    }

    public int connectionItemBytes() {
        return connectionItemBytes;
    }

    public int byConnectionItemBytes() {
        return byConnectionItemBytes;
    }

    public int membershipItemBytes() {
        return membershipItemBytes;
    }

    /** Write units of writing or deleting one item: one per started KB. */
    static double writeUnits(int itemBytes) {
        return Math.max(1, Math.ceil(itemBytes / 1024d));
    }

    /** Read units of a Query returning {@code items} items of {@code itemBytes} each (at least one block). */
    double queryUnits(long items, int itemBytes) {
        double blocks = Math.max(1, Math.ceil(items * (double) itemBytes / 4096d));
        return consistentReads ? blocks : blocks / 2;
    }

    /** Read units of a GetItem of an item of {@code itemBytes}. */
    double getUnits(int itemBytes) {
        return queryUnits(1, itemBytes);
    }

    /** {@code $connect}: put the connection record (table and {@code byUser} index). */
    public Units connect() {
        return new Units(0, writeUnits(connectionItemBytes), 0, writeUnits(connectionItemBytes));
    }

    /**
     * Joining a room of {@code roomSize} members (the joiner included), on {@code $connect} with {@code ?room=} or
     * with the {@code join} action: query the members already there, put both membership records.
     */
    public Units join(long roomSize) {
        return new Units(queryUnits(roomSize - 1, membershipItemBytes), 2 * writeUnits(membershipItemBytes)
                + COUNT_BUCKET_WRITE, 0, 0);
    }

    /**
     * Write units of the room's count bucket update ({@code ROOM#r} / {@code COUNT#<bucket end>}, protocol v2): one
     * UpdateItem of a small counter on every join and every leave of a live member.
     */
    public static final double COUNT_BUCKET_WRITE = 1;
    /** Write units of deleting a connection's rate-limit item ({@code CONN#id} / {@code RATE}) on {@code $disconnect}. */
    public static final double RATE_ITEM_DELETE = 1;

    /**
     * The rate limit of every counted frame ({@code send}, {@code join}, {@code leave}, {@code whisper},
     * {@code members}) under protocol v2: at most one write unit per counted frame, on an item that carries no
     * {@code byUser} index keys (so no index write). A rejected frame still costs its unit; nothing else is written.
     */
    public Units rateLimit() {
        return new Units(0, 1, 0, 0);
    }

    /**
     * The idempotency record of one fan-out shard ({@code FANOUT#<message id>#<shard>} / {@code META}, with a TTL):
     * a consistent GetItem before the shard's posts (one unit, found or not) and one PutItem after them (the record is
     * a few dozen bytes: the shard's reached recipients as a bitmap).
     */
    public Units shardProgress() {
        return new Units(1, 1, 0, 0).timesReads(consistentReads ? 1 : 0.5);
    }

    /**
     * A frame too large to ride in its shards, stored once by {@code send} ({@code FRAME#<message id>} / {@code META})
     * and read by each of {@code shards} shards.
     */
    public Units frameReference(double frameBytes, long shards) {
        return new Units(getUnits((int) Math.ceil(frameBytes)) * shards, writeUnits((int) Math.ceil(frameBytes)), 0, 0);
    }

    /** {@code send}: the rate limit, then a Query of the room's members (the sender included). */
    public Units send(long roomSize) {
        return rateLimit().plus(new Units(queryUnits(roomSize, membershipItemBytes), 0, 0, 0));
    }

    /**
     * {@code $disconnect}: the user comes with the event (the authorizer's context), so no record read; query its
     * memberships ({@code CONN#id}, {@code begins_with ROOM#}); per room, query the members (for presence) and delete
     * both membership records; then delete the connection record (table and index) and its rate-limit item (one
     * BatchWriteItem, the same units as two DeleteItems).
     */
    public Units disconnect(int rooms, long roomSize) {
        Units u = new Units(queryUnits(rooms, byConnectionItemBytes),
                writeUnits(connectionItemBytes) + RATE_ITEM_DELETE, 0, writeUnits(connectionItemBytes));
        Units perRoom = new Units(queryUnits(roomSize, membershipItemBytes), 2 * writeUnits(membershipItemBytes)
                + COUNT_BUCKET_WRITE, 0, 0);
        return u.plus(perRoom.times(rooms));
    }
}
