package dev.switchboard.lambdas.store;

import static dev.switchboard.blueprint.ConnectionSchema.COUNT;
import static dev.switchboard.blueprint.ConnectionSchema.COUNT_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.ROOM_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.SK;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;
import static dev.switchboard.lambdas.store.ConnectionRepository.key;
import static dev.switchboard.lambdas.store.ConnectionRepository.n;
import static dev.switchboard.lambdas.store.ConnectionRepository.s;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A room's member count for rooms too big to read: counter items per expiry bucket, {@code ROOM#r} /
 * {@code COUNT#<bucket end>#<shard>} ({@link #SHARDS} per bucket, by connection id). A membership is counted in the bucket that ends at its {@code ttl} rounded up to
 * {@link #BUCKET_SECONDS}; the count is the sum of the buckets that have not ended. A connection whose
 * {@code $disconnect} never arrived therefore drops out of the count once its records expire (at most one bucket
 * width late), whether or not DynamoDB has deleted them: the count does not depend on TTL deletion. Increments happen
 * only when a membership is new and decrements only when a live one is deleted, so retried joins and leaves do not
 * drift it; the SDK's own retry of an {@code ADD} whose first attempt landed does (by up to its 3 attempts), until that
 * bucket ends: the count is advisory, and docs/data-model.md ("The room count") says why that is accepted. A bucket that drops to zero is deleted (conditionally: a join may have counted in meanwhile), so an
 * emptied room leaves no item; buckets also carry their own {@code ttl} one hour after they end.
 */
final class RoomCounts {
    /** Width of a count bucket: the count may include connections up to this long after they expired. */
    static final long BUCKET_SECONDS = 600;
    /**
     * Each bucket is split over this many items by connection id, so that a crowd joining one room at once does not
     * queue on one item (a DynamoDB item takes about 1,000 writes a second).
     */
    static final int SHARDS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    RoomCounts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Adds {@code delta} to the bucket of {@code connectionId}'s membership expiring at {@code ttl} (epoch seconds). */
    void add(String room, String connectionId, long ttl, int delta) {
        long end = Math.floorDiv(ttl + BUCKET_SECONDS - 1, BUCKET_SECONDS) * BUCKET_SECONDS;
        Map<String, AttributeValue> key = key(ROOM_PREFIX + room,
                bucket(end) + "#" + Math.floorMod(connectionId.hashCode(), SHARDS));
        Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key)
                .updateExpression("SET #ttl = :gc ADD #n :d")
                .expressionAttributeNames(Map.of("#ttl", TTL, "#n", COUNT))
                .expressionAttributeValues(Map.of(":gc", n(end + 3600), ":d", n(delta)))
                .returnValues(delta < 0 ? ReturnValue.UPDATED_NEW : ReturnValue.NONE)).attributes();
        AttributeValue left = after == null ? null : after.get(COUNT);
        if (left != null && Long.parseLong(left.n()) <= 0) {
            // the room's last member of this bucket left: drop the bucket unless a join counted in meanwhile
            try {
                dynamo.deleteItem(r -> r.tableName(table).key(key).conditionExpression("#n <= :zero")
                        .expressionAttributeNames(Map.of("#n", COUNT))
                        .expressionAttributeValues(Map.of(":zero", n(0))));
            } catch (ConditionalCheckFailedException joinedMeanwhile) {
                // keep it
            }
        }
    }

    /** The sum of the buckets of {@code room} that end after {@code nowSeconds} (never negative). */
    long count(String room, long nowSeconds) {
        long sum = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(ROOM_PREFIX + room), ":from", s(bucket(nowSeconds + 1)),
                        ":to", s(COUNT_PREFIX + "9999999999~")))
                .build()).items()) {
            AttributeValue v = item.get(COUNT);
            sum += v == null ? 0 : Long.parseLong(v.n());
        }
        return Math.max(0, sum);
    }

    private static String bucket(long endSeconds) {
        return COUNT_PREFIX + String.format("%010d", endSeconds);
    }
}
