package dev.switchboard.cost;

import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.blueprint.Limits;

/**
 * What one {@code send} to a room above {@link Limits#fanoutShardThreshold()} recipients costs besides its
 * deliveries: the shards {@code send} puts on the queue (SendMessageBatch, at most 10 entries and
 * {@link FanoutSpec#maxMessageBytes()} a request), the receives and deletes of Lambda's event source mapping (one shard
 * per invocation), the fan-out function's invocations, each shard's idempotency record and, when a shard with its
 * frame would pass SQS's message size, the frame stored once in the table and read by every shard. SQS bills every
 * 64 KB chunk of a request's payload as one request (https://aws.amazon.com/sqs/pricing/).
 *
 * <p>A shard's body is {@code {"v":1,"id","room","sender","shard","frame":"<the frame as a JSON string>",
 * "recipients":[{"c","u","r","url","t"}]}} ({@code dev.switchboard.lambdas.fanout.Shard}); a recipient is
 * {@link #RECIPIENT_BYTES} bytes with the sample values of {@link AccessPatterns}.
 *
 * @param shards          shards per send
 * @param shardBytes      bytes of one shard's body
 * @param frameByReference whether the frame is stored in the table instead of riding in the shards
 * @param sendRequests    billed SQS requests of the SendMessageBatch calls of one send
 * @param receiveRequests billed SQS requests of the receives of one send's shards
 * @param deleteRequests  SQS requests of the deletes of one send's shards
 * @param recipientsPerShard recipients of one shard on average
 * @param batches         SendMessageBatch calls of one send
 */
public record ShardedSend(long shards, double shardBytes, boolean frameByReference, double sendRequests,
                          double receiveRequests, double deleteRequests, double recipientsPerShard, long batches) {
    /** {@code {"c":"<16>","u":"<36>","r":"<14>","url":"<67>","t":1795000000000},}. */
    public static final int RECIPIENT_BYTES = ("{\"c\":\"" + AccessPatterns.SAMPLE_CONNECTION_ID + "\",\"u\":\""
            + AccessPatterns.SAMPLE_USER_ID + "\",\"r\":\"" + AccessPatterns.SAMPLE_REGION + "\",\"url\":\""
            + AccessPatterns.SAMPLE_CALLBACK_URL + "\",\"t\":" + AccessPatterns.SAMPLE_EPOCH_MILLIS + "},").length();
    /** The shard's envelope besides its recipients and frame (ids, room, sender), rounded up. */
    public static final int ENVELOPE_BYTES = 200;
    /** SQS's billing chunk. */
    public static final int CHUNK_BYTES = 64 * 1024;
    /** Entries of one SendMessageBatch. */
    public static final int MAX_BATCH_ENTRIES = 10;
    /** Escaping the frame's quotes inside the shard's JSON string, generously. */
    public static final double FRAME_ESCAPE_FACTOR = 1.1;

    /**
     * The shards of a send to {@code recipients} recipients of {@code frameBytes}-byte frames, or null when the send
     * fans out inline ({@code recipients <= fanoutShardThreshold}).
     */
    public static ShardedSend of(long recipients, double frameBytes, Limits limits, FanoutSpec spec) {
        if (recipients <= limits.fanoutShardThreshold()) {
            return null;
        }
        long shards = (recipients + limits.fanoutShardSize() - 1) / limits.fanoutShardSize();
        double perShard = recipients / (double) shards;
        double withFrame = ENVELOPE_BYTES + limits.fanoutShardSize() * (double) RECIPIENT_BYTES
                + frameBytes * FRAME_ESCAPE_FACTOR;
        boolean byReference = withFrame > spec.maxMessageBytes();
        double bytes = byReference ? ENVELOPE_BYTES + 100 + limits.fanoutShardSize() * (double) RECIPIENT_BYTES
                : withFrame;
        int perBatch = (int) Math.max(1, Math.min(MAX_BATCH_ENTRIES, Math.floor(spec.maxMessageBytes() / bytes)));
        long full = shards / perBatch;
        long rest = shards % perBatch;
        double send = full * chunks(perBatch * bytes) + (rest > 0 ? chunks(rest * bytes) : 0);
        double receive = shards * chunks(bytes * spec.batchSize()) / spec.batchSize();
        double delete = shards / (double) spec.batchSize();
        return new ShardedSend(shards, bytes, byReference, send, receive, delete, perShard,
                full + (rest > 0 ? 1 : 0));
    }

    private static double chunks(double bytes) {
        return Math.max(1, Math.ceil(bytes / CHUNK_BYTES));
    }
}
