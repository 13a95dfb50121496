package dev.switchboard.lambdas.store;

import static dev.switchboard.blueprint.ConnectionSchema.CONNECTION_ID;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.SK;
import static dev.switchboard.blueprint.ConnectionSchema.SLOT_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.TAKEN_AT;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;
import static dev.switchboard.blueprint.ConnectionSchema.USER_PREFIX;
import static dev.switchboard.lambdas.store.ConnectionRepository.n;
import static dev.switchboard.lambdas.store.ConnectionRepository.s;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The per-user connection cap: a user holds at most {@code max} slots {@code USER#{userId}} / {@code SLOT#0} ..
 * {@code SLOT#(max-1)}, one per open connection, each taken on {@code $connect} with a conditional put (free, or its
 * holder's TTL has passed) and given back on {@code $disconnect}. One consistent Query of the user's partition finds a
 * free slot; concurrent handshakes of one user race for a slot by condition, so the cap holds exactly (a Query of the
 * {@code byUser} index would count on eventually consistent reads). A slot whose {@code $disconnect} never arrived
 * ("$disconnect is a best-effort event") is held until its TTL, the connection records' (docs/data-model.md), unless a
 * {@code $connect} of the same user at the cap finds its holder gone and takes it over ({@link #takeOver}).
 */
final class ConnectionSlots {
    static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final LongSupplier clock;

    ConnectionSlots(DynamoDbClient dynamo, String table, LongSupplier clockMillis) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clockMillis;
    }

    /**
     * Takes a slot of {@code userId} for {@code connectionId} until {@code ttl} (epoch seconds).
     *
     * @return true when the connection holds a slot (also when it already held one: a retried {@code $connect}),
     *     false when the user holds {@code max} live slots
     */
    boolean acquire(String userId, String connectionId, int max, long ttl) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long nowSeconds = clock.getAsLong() / 1000;
            Set<String> held = new HashSet<>();
            for (Map<String, AttributeValue> slot : slots(userId)) {
                if (!live(slot, nowSeconds)) {
                    continue;
                }
                if (connectionId.equals(slot.get(CONNECTION_ID).s())) {
                    return true;
                }
                held.add(slot.get(SK).s());
            }
            if (held.size() >= max) {
                return false;
            }
            int free = 0;
            while (held.contains(SLOT_PREFIX + free)) {
                free++;
            }
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PK, s(USER_PREFIX + userId));
            item.put(SK, s(SLOT_PREFIX + free));
            item.put(CONNECTION_ID, s(connectionId));
            item.put(TTL, n(ttl));
            item.put(TAKEN_AT, n(nowSeconds));
            try {
                dynamo.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#pk) OR #ttl < :now")
                        .expressionAttributeNames(Map.of("#pk", PK, "#ttl", TTL))
                        .expressionAttributeValues(Map.of(":now", n(nowSeconds))));
                return true;
            } catch (ConditionalCheckFailedException anotherHandshakeTookIt) {
                // a concurrent handshake of the same user took that slot: read again
            }
        }
        return false;
    }

    /**
     * Gives back the slot {@code connectionId} holds, if any (a slot taken since by another connection stays).
     *
     * @return how many live slots the user's other connections hold
     */
    int release(String userId, String connectionId) {
        long nowSeconds = clock.getAsLong() / 1000;
        int others = 0;
        for (Map<String, AttributeValue> slot : slots(userId)) {
            if (!connectionId.equals(slot.get(CONNECTION_ID).s())) {
                others += live(slot, nowSeconds) ? 1 : 0;
            } else {
                try {
                    dynamo.deleteItem(r -> r.tableName(table)
                            .key(Map.of(PK, s(USER_PREFIX + userId), SK, slot.get(SK)))
                            .conditionExpression("#c = :me")
                            .expressionAttributeNames(Map.of("#c", CONNECTION_ID))
                            .expressionAttributeValues(Map.of(":me", s(connectionId))));
                } catch (ConditionalCheckFailedException takenOver) {
                    // expired and taken by a newer connection: not ours to delete
                }
            }
        }
        return others;
    }

    /** The live slots of {@code userId}: who holds each and until when. */
    List<Slot> holders(String userId) {
        long nowSeconds = clock.getAsLong() / 1000;
        return slots(userId).stream().filter(slot -> live(slot, nowSeconds))
                .map(slot -> new Slot(slot.get(SK).s(), slot.get(CONNECTION_ID).s(), number(slot.get(TTL)),
                        number(slot.get(TAKEN_AT))))
                .toList();
    }

    /**
     * Gives {@code slot} to {@code connectionId} until {@code ttl}, if {@code slot}'s holder still holds it (a
     * conditional put on the holder's id: two handshakes that found the same gone holder cannot both take its slot).
     *
     * @return whether the slot is {@code connectionId}'s now
     */
    boolean takeOver(String userId, Slot slot, String connectionId, long ttl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(USER_PREFIX + userId));
        item.put(SK, s(slot.sortKey()));
        item.put(CONNECTION_ID, s(connectionId));
        item.put(TTL, n(ttl));
        item.put(TAKEN_AT, n(clock.getAsLong() / 1000));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("#c = :holder")
                    .expressionAttributeNames(Map.of("#c", CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":holder", s(slot.connectionId()))));
            return true;
        } catch (ConditionalCheckFailedException givenBackOrTaken) {
            return false;
        }
    }

    private List<Map<String, AttributeValue>> slots(String userId) {
        return dynamo.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :slot)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(USER_PREFIX + userId), ":slot", s(SLOT_PREFIX))))
                .items().stream().filter(i -> i.containsKey(CONNECTION_ID)).toList();
    }

    /** A number attribute, or null when it is absent (slots taken before {@code takenAt} was written have none). */
    private static Long number(AttributeValue v) {
        return v == null || v.n() == null ? null : Long.parseLong(v.n());
    }

    private static boolean live(Map<String, AttributeValue> slot, long nowSeconds) {
        AttributeValue ttl = slot.get(TTL);
        return ttl == null || ttl.n() == null || Long.parseLong(ttl.n()) > nowSeconds;
    }
}
