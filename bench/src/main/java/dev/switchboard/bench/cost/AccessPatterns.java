package dev.switchboard.bench.cost;

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
 * DynamoDB request units of each handler operation, derived from the connection table's layout
 * ({@link dev.switchboard.blueprint.ConnectionSchema}) and DynamoDB's metering rules: a write costs one unit per
 * started KB of the item, on the table and again on every index whose projected attributes it changes (the
 * {@code byUser} index projects all attributes and exists on connection records only); a Query costs one read unit
 * per started 4 KB of all items it returns, half a unit when eventually consistent. docs/cost.md lists every pattern.
 *
 * <p>Item sizes are computed from the schema's attribute names and representative values: a 16-character API
 * Gateway connection id, a 36-character user id, a 16-character room name, a 14-character region and a 72-character
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

    /** Request units of one operation: reads (RCU), base-table writes and index writes (WCU). */
    public record Units(double reads, double tableWrites, double indexWrites) {
        public Units plus(Units o) {
            return new Units(reads + o.reads, tableWrites + o.tableWrites, indexWrites + o.indexWrites);
        }

        public Units times(double n) {
            return new Units(reads * n, tableWrites * n, indexWrites * n);
        }

        public static final Units NONE = new Units(0, 0, 0);
    }

    private final int connectionItemBytes;
    private final int membershipItemBytes;
    private final boolean consistentReads;

    private AccessPatterns(int connectionItemBytes, int membershipItemBytes, boolean consistentReads) {
        this.connectionItemBytes = connectionItemBytes;
        this.membershipItemBytes = membershipItemBytes;
        this.consistentReads = consistentReads;
    }

    /** The patterns of the reference handlers on {@link dev.switchboard.blueprint.ConnectionSchema}. */
    public static AccessPatterns reference(boolean consistentReads) {
        return new AccessPatterns(itemBytes(connectionItem()), itemBytes(membershipItem()), consistentReads);
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

    /** One of the two membership records ({@code ROOM#room / CONN#id} and {@code CONN#id / ROOM#room}). */
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

    public int membershipItemBytes() {
        return membershipItemBytes;
    }

    /** Write units of writing or deleting one item: one per started KB. */
    static double writeUnits(int itemBytes) {
        return Math.max(1, Math.ceil(itemBytes / 1024d));
    }

    /** Read units of a Query returning {@code items} items of {@code itemBytes} each. */
    double queryUnits(long items, int itemBytes) {
        double blocks = Math.max(1, Math.ceil(items * (double) itemBytes / 4096d));
        return consistentReads ? blocks : blocks / 2;
    }

    /**
     * {@code $connect}: put the connection record (table and {@code byUser} index), then for each room joined, put
     * both membership records and, when presence applies, query the room's members to announce the join.
     */
    public Units connect(int rooms, long roomSize, boolean presence) {
        Units u = new Units(0, writeUnits(connectionItemBytes), writeUnits(connectionItemBytes));
        Units perRoom = new Units(presence ? queryUnits(roomSize, membershipItemBytes) : 0,
                2 * writeUnits(membershipItemBytes), 0);
        return u.plus(perRoom.times(rooms));
    }

    /**
     * {@code send}: count the message against the sender's rate window (an UpdateItem on its connection record;
     * the index projects all attributes, so it is rewritten too), then query the room's members.
     */
    public Units send(long roomSize) {
        return new Units(queryUnits(roomSize, membershipItemBytes), writeUnits(connectionItemBytes),
                writeUnits(connectionItemBytes));
    }

    /**
     * {@code $disconnect}: query the connection's memberships ({@code CONN#id}, {@code begins_with ROOM#}), delete
     * both records of each, announce the leave to each room where presence applies, delete the connection record.
     */
    public Units disconnect(int rooms, long roomSize, boolean presence) {
        Units u = new Units(queryUnits(rooms, membershipItemBytes), writeUnits(connectionItemBytes),
                writeUnits(connectionItemBytes));
        Units perRoom = new Units(presence ? queryUnits(roomSize, membershipItemBytes) : 0,
                2 * writeUnits(membershipItemBytes), 0);
        return u.plus(perRoom.times(rooms));
    }
}
