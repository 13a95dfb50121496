package dev.switchboard.lambdas.fanout;

import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.SK;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fan-out's items in the connection table (docs/data-model.md, "Sharded fan-out"), each with a TTL and outside
 * the {@code byUser} index:
 * <ul>
 *   <li>a shard's progress, {@code FANOUT#<message id>} / {@code SHARD#<index>}: {@code reached}, a bitmap over the
 *   shard's recipients of those already delivered to or found gone, and {@code done} once all are; read (consistently)
 *   before a shard's posts and written after them, so that a retried shard skips whom it reached;</li>
 *   <li>a frame too large to ride in its shards, {@code FRAME#<message id>} / {@code META}: {@code frame}.</li>
 * </ul>
 */
public final class FanoutStore {
    public static final String FANOUT_PREFIX = "FANOUT#";
    public static final String SHARD_PREFIX = "SHARD#";
    public static final String FRAME_PREFIX = "FRAME#";
    public static final String META = "META";
    public static final String REACHED = "reached";
    public static final String DONE = "done";
    public static final String FRAME = "frame";

    /** What a shard has done so far. */
    public record Progress(BitSet reached, boolean done) {
        public static final Progress NONE = new Progress(new BitSet(), false);
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public FanoutStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The progress of shard {@code shard} of message {@code id}, or {@link Progress#NONE}. */
    public Progress progress(String id, int shard) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(FANOUT_PREFIX + id, SHARD_PREFIX + shard))).item();
        if (item == null || item.isEmpty()) {
            return Progress.NONE;
        }
        AttributeValue bits = item.get(REACHED);
        BitSet reached = bits == null ? new BitSet() : BitSet.valueOf(bits.b().asByteArray());
        AttributeValue done = item.get(DONE);
        return new Progress(reached, done != null && Boolean.TRUE.equals(done.bool()));
    }

    /** Records what the shard has reached ({@code done} when that is every recipient), kept until {@code ttl}. */
    public void saveProgress(String id, int shard, BitSet reached, boolean done, long ttl) {
        Map<String, AttributeValue> item = key(FANOUT_PREFIX + id, SHARD_PREFIX + shard);
        item.put(REACHED, AttributeValue.fromB(SdkBytes.fromByteArray(reached.toByteArray())));
        item.put(DONE, AttributeValue.fromBool(done));
        item.put(TTL, AttributeValue.fromN(Long.toString(ttl)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** Stores a frame for shards that carry a reference to it. */
    public void putFrame(String id, byte[] frame, long ttl) {
        Map<String, AttributeValue> item = key(FRAME_PREFIX + id, META);
        item.put(FRAME, AttributeValue.fromB(SdkBytes.fromByteArray(frame)));
        item.put(TTL, AttributeValue.fromN(Long.toString(ttl)));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /**
     * The stored frame of message {@code id}.
     *
     * @throws IllegalStateException when it is gone (expired): the shard cannot be delivered
     */
    public byte[] frame(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(FRAME_PREFIX + id, META))).item();
        if (item == null || !item.containsKey(FRAME)) {
            throw new IllegalStateException("the frame of message " + id + " is not in the table (expired?)");
        }
        return item.get(FRAME).b().asByteArray();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, AttributeValue.fromS(pk));
        m.put(SK, AttributeValue.fromS(sk));
        return m;
    }
}
