package dev.switchboard.lambdas;

import static dev.switchboard.blueprint.ConnectionSchema.COUNT;
import static dev.switchboard.blueprint.ConnectionSchema.COUNT_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.ROOM_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.SK;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;
import static dev.switchboard.lambdas.ConnectionRepository.key;
import static dev.switchboard.lambdas.ConnectionRepository.n;
import static dev.switchboard.lambdas.ConnectionRepository.s;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A room's member count for rooms too big to read: one counter item per expiry bucket, {@code ROOM#r} /
 * {@code COUNT#<bucket end>}. A membership is counted in the bucket that ends at its {@code ttl} rounded up to
 * {@link #BUCKET_SECONDS}; the count is the sum of the buckets that have not ended. A connection whose
 * {@code $disconnect} never arrived therefore drops out of the count once its records expire (at most one bucket
 * width late), whether or not DynamoDB has deleted them: the count does not depend on TTL deletion. Increments happen
 * only when a membership is new and decrements only when a live one is deleted, so retried joins and leaves do not
 * drift it. Buckets carry their own {@code ttl} one hour after they end, for garbage collection.
 */
final class RoomCounts {
    /** Width of a count bucket: the count may include connections up to this long after they expired. */
    static final long BUCKET_SECONDS = 600;

    private final DynamoDbClient dynamo;
    private final String table;

    RoomCounts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Adds {@code delta} to the bucket of a membership expiring at {@code ttl} (epoch seconds). */
    void add(String room, long ttl, int delta) {
        long end = Math.floorDiv(ttl + BUCKET_SECONDS - 1, BUCKET_SECONDS) * BUCKET_SECONDS;
        dynamo.updateItem(r -> r.tableName(table).key(key(ROOM_PREFIX + room, bucket(end)))
                .updateExpression("SET #ttl = :gc ADD #n :d")
                .expressionAttributeNames(Map.of("#ttl", TTL, "#n", COUNT))
                .expressionAttributeValues(Map.of(":gc", n(end + 3600), ":d", n(delta))));
    }

    /** The sum of the buckets of {@code room} that end after {@code nowSeconds} (never negative). */
    long count(String room, long nowSeconds) {
        long sum = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(ROOM_PREFIX + room), ":from", s(bucket(nowSeconds + 1)),
                        ":to", s(COUNT_PREFIX + "9999999999")))
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
