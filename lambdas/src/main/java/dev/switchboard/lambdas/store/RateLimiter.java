package dev.switchboard.lambdas.store;

import static dev.switchboard.blueprint.ConnectionSchema.CONN_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.META;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.RATE;
import static dev.switchboard.blueprint.ConnectionSchema.RATE_LAST;
import static dev.switchboard.blueprint.ConnectionSchema.RATE_TAT;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;
import static dev.switchboard.blueprint.ConnectionSchema.USER_PREFIX;
import static dev.switchboard.lambdas.store.ConnectionRepository.key;
import static dev.switchboard.lambdas.store.ConnectionRepository.n;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The per-user rate limit: GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp) on the user's
 * own small item {@code USER#userId} / {@code RATE}, which carries no index key, so a counted frame writes one item of
 * well under 1 KB: one write unit. One item per user, not per connection: a user who opens more connections gets no
 * more frames through (issue 27: five connections of one user got 100 frames through where one got 20).
 *
 * <p>With emission interval {@code T = 1/rate} and tolerance {@code tau = (burst - 1) × T}, a frame arriving at
 * {@code t} passes when {@code tat <= t + tau}, and then {@code tat = max(tat, t) + T}. That bounds the frames of any
 * interval of length {@code L}, wherever it starts, by {@code burst + floor(rate × L)}. {@code t} is the frame's
 * arrival time (API Gateway's {@code requestTimeEpoch}), clamped to the latest arrival already counted
 * ({@code last}), so a frame handled out of order is never judged earlier than one counted before it.
 *
 * <p>Each frame: one consistent GetItem, then one UpdateItem conditioned on {@code tat} being what was read
 * (optimistic concurrency; a concurrent frame makes the condition fail and the loop re-reads, at most
 * {@link #MAX_ATTEMPTS} times). A frame over the rate costs the read and no write. No item yet (or an expired one):
 * the frame's connection record must exist and be live (one more read), then the item is created with that record's
 * TTL; no record: the frame is refused.
 */
final class RateLimiter {
    static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Predicate<Map<String, AttributeValue>> live;

    RateLimiter(DynamoDbClient dynamo, String table, Predicate<Map<String, AttributeValue>> live) {
        this.dynamo = dynamo;
        this.table = table;
        this.live = live;
    }

    boolean tryAcquire(String userId, String connectionId, long arrivalMillis, int ratePerSecond, int burst) {
        long interval = 1_000_000L / Math.max(1, ratePerSecond);
        long tolerance = (Math.max(1, burst) - 1) * interval;
        Map<String, AttributeValue> key = key(USER_PREFIX + userId, RATE);
        Map<String, String> names = Map.of("#tat", RATE_TAT, "#last", RATE_LAST, "#ttl", TTL);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                    .projectionExpression("#tat, #last, #ttl").expressionAttributeNames(names)).item();
            if (item == null || item.isEmpty() || !live.test(item)) {
                Boolean created = create(connectionId, key, item, arrivalMillis, interval);
                if (created == null) {
                    continue;
                }
                return created;
            }
            long tat = Long.parseLong(item.get(RATE_TAT).n());
            long t = Math.max(arrivalMillis, Long.parseLong(item.get(RATE_LAST).n()));
            if (tat > t * 1000 + tolerance) {
                return false;
            }
            long next = Math.max(tat, t * 1000) + interval;
            try {
                dynamo.updateItem(r -> r.tableName(table).key(key)
                        .updateExpression("SET #tat = :next, #last = :t")
                        .conditionExpression("#tat = :tat")
                        .expressionAttributeNames(Map.of("#tat", RATE_TAT, "#last", RATE_LAST))
                        .expressionAttributeValues(Map.of(":next", n(next), ":t", n(t), ":tat", n(tat))));
                return true;
            } catch (ConditionalCheckFailedException concurrentFrame) {
                // another frame of this connection counted first: read again
            }
        }
        return false;
    }

    /**
     * The user's first counted frame (no item, or an expired one {@code stale}): true if created, false if the
     * connection has no live record, null if another frame won.
     */
    private Boolean create(String connectionId, Map<String, AttributeValue> key, Map<String, AttributeValue> stale,
                           long arrivalMillis, long interval) {
        Map<String, AttributeValue> record = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(CONN_PREFIX + connectionId, META)).projectionExpression("#pk, #ttl")
                .expressionAttributeNames(Map.of("#pk", PK, "#ttl", TTL))).item();
        if (!live.test(record)) {
            return false;
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(RATE_TAT, n(arrivalMillis * 1000 + interval));
        item.put(RATE_LAST, n(arrivalMillis));
        if (record.containsKey(TTL)) {
            item.put(TTL, record.get(TTL));
        }
        boolean replacing = stale != null && stale.containsKey(RATE_TAT);
        try {
            if (replacing) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("#tat = :tat")
                        .expressionAttributeNames(Map.of("#tat", RATE_TAT))
                        .expressionAttributeValues(Map.of(":tat", stale.get(RATE_TAT))));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK)));
            }
            return true;
        } catch (ConditionalCheckFailedException concurrentFirstFrame) {
            return null;
        }
    }

    /**
     * Deletes the user's rate item if its bucket is full again ({@code tat} not after {@code nowMillis}): then it
     * holds nothing a fresh item would not, so the user's last {@code $disconnect} leaves no record behind, and a user
     * who reconnects at once still finds the item of a bucket that is not full.
     */
    void forgetIfFull(String userId, long nowMillis) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(USER_PREFIX + userId, RATE))
                    .conditionExpression("#tat <= :now")
                    .expressionAttributeNames(Map.of("#tat", RATE_TAT))
                    .expressionAttributeValues(Map.of(":now", n(nowMillis * 1000))));
        } catch (ConditionalCheckFailedException notFullYet) {
            // the bucket is still refilling (or the item is gone): it expires with its TTL
        }
    }
}
