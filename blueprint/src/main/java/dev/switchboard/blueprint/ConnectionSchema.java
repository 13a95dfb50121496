package dev.switchboard.blueprint;

import java.util.List;

/**
 * The connection table's single-table layout, shared by the renderers (which create it) and the handlers (which
 * read and write it). docs/data-model.md documents every access pattern.
 *
 * <pre>
 * item                  pk                 sk                 gsi1pk           gsi1sk
 * connection            CONN#{connId}      META               USER#{userId}    CONN#{connId}
 * membership (by room)  ROOM#{room}        CONN#{connId}      -                -
 * membership (by conn)  CONN#{connId}      ROOM#{room}        -                -
 * rate limit state      USER#{userId}      RATE               -                -
 * connection slot       USER#{userId}      SLOT#{n}           -                -
 * room count bucket     ROOM#{room}        COUNT#{bucketEnd}  -                -
 * cursor sealing key    KEY#cursor         KEY                -                -
 * </pre>
 * Every item but the cursor key carries {@link #TTL} (epoch seconds) so that a lost {@code $disconnect} never leaves
 * data forever; the cursor key is one item per table, made on first use.
 */
public final class ConnectionSchema {
    public static final String TABLE_ID = "connections";
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "byUser";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String TTL = "ttl";

    public static final String CONN_PREFIX = "CONN#";
    public static final String ROOM_PREFIX = "ROOM#";
    public static final String USER_PREFIX = "USER#";
    public static final String META = "META";
    /**
     * Sort key of a user's rate-limit item under {@code USER#{userId}} (one per user, so that opening connections
     * does not multiply the rate; kept off the connection record, which {@link #GSI1} copies).
     */
    public static final String RATE = "RATE";
    /**
     * Sort-key prefix of a user's connection slots under {@code USER#{userId}}: {@code SLOT#0} to
     * {@code SLOT#(maxConnectionsPerUser - 1)}, each held by one connection ({@link #CONNECTION_ID}) until its
     * {@code $disconnect} or its TTL.
     */
    public static final String SLOT_PREFIX = "SLOT#";
    /** Sort-key prefix of a room's member-count buckets ({@code COUNT#} and the bucket's end in epoch seconds). */
    public static final String COUNT_PREFIX = "COUNT#";

    /** Partition key of the one item holding the key that seals member cursors (AES-256-GCM, see docs/data-model.md). */
    public static final String CURSOR_KEY_PK = "KEY#cursor";
    /** Sort key of the cursor key item. */
    public static final String KEY = "KEY";
    /** The key's 32 random bytes (binary attribute) on the cursor key item. */
    public static final String KEY_BYTES = "k";

    public static final String CONNECTION_ID = "connectionId";
    /** When a connection slot was taken (epoch seconds), so that a handshake still running keeps its slot. */
    public static final String TAKEN_AT = "takenAt";
    public static final String USER_ID = "userId";
    public static final String ROOM = "room";
    public static final String CONNECTED_AT = "connectedAt";
    public static final String REGION = "region";
    public static final String CALLBACK_URL = "callbackUrl";
    public static final String RATE_WINDOW = "rateWindow";
    public static final String RATE_COUNT = "rateCount";
    /** GCRA theoretical arrival time of a connection's next frame, epoch microseconds (on the {@link #RATE} item). */
    public static final String RATE_TAT = "tat";
    /** Latest arrival time counted against a connection's rate, epoch milliseconds (on the {@link #RATE} item). */
    public static final String RATE_LAST = "last";
    /** Member connections counted in a room's count bucket. */
    public static final String COUNT = "n";

    private ConnectionSchema() {
    }

    /** The table as the renderers create it. */
    public static TableSpec table() {
        return new TableSpec(TABLE_ID, KeyAttribute.string(PK), KeyAttribute.string(SK),
                List.of(new IndexSpec(GSI1, KeyAttribute.string(GSI1_PK), KeyAttribute.string(GSI1_SK))), TTL);
    }
}
