package dev.switchboard.lambdas;

import static dev.switchboard.blueprint.ConnectionSchema.CALLBACK_URL;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTED_AT;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTION_ID;
import static dev.switchboard.blueprint.ConnectionSchema.CONN_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The connection table (single-table layout of {@link dev.switchboard.blueprint.ConnectionSchema}; every access
 * pattern is in docs/data-model.md). Reads are key lookups and queries, never a Scan. There are no transactions:
 * every write is idempotent (puts of whole items, deletes by key) so that a retried or half-done operation converges.
 */
public class ConnectionRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public ConnectionRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The physical table name. */
    public String table() {
        return table;
    }

    /** Stores (or overwrites) the connection record; {@code ttl} is in epoch seconds. */
    public void putConnection(Member c, long connectedAt, long ttl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(CONN_PREFIX + c.connectionId()));
        item.put(SK, s(META));
        item.put(GSI1_PK, s(USER_PREFIX + c.userId()));
        item.put(GSI1_SK, s(CONN_PREFIX + c.connectionId()));
        item.put(CONNECTION_ID, s(c.connectionId()));
        item.put(USER_ID, s(c.userId()));
        item.put(CONNECTED_AT, n(connectedAt));
        item.put(REGION, s(c.region()));
        item.put(CALLBACK_URL, s(c.callbackUrl()));
        item.put(TTL, n(ttl));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /** The connection record, read consistently. */
    public Optional<Member> connection(String connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(CONN_PREFIX + connectionId, META))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(member(item));
    }

    /** Every connection of {@code userId} (index {@code byUser}; eventually consistent). */
    public List<Member> connectionsOfUser(String userId) {
        List<Member> out = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).indexName(GSI1)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", GSI1_PK))
                .expressionAttributeValues(Map.of(":pk", s(USER_PREFIX + userId)))
                .build(), item -> out.add(member(item)));
        return out;
    }

    /** Every member connection of {@code room}, read consistently. */
    public List<Member> roomMembers(String room) {
        List<Member> out = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(ROOM_PREFIX + room)))
                .build(), item -> out.add(member(item)));
        return out;
    }

    /** The rooms {@code connectionId} is a member of, read consistently. */
    public List<String> roomsOf(String connectionId) {
        List<String> out = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :room)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(CONN_PREFIX + connectionId), ":room", s(ROOM_PREFIX)))
                .build(), item -> out.add(item.get(SK).s().substring(ROOM_PREFIX.length())));
        return out;
    }

    /** Adds {@code m} to {@code room}: the by-room item (for fan-out) and the by-connection item (for cleanup). */
    public void addMembership(Member m, String room, long ttl) {
        Map<String, AttributeValue> byRoom = new HashMap<>();
        byRoom.put(PK, s(ROOM_PREFIX + room));
        byRoom.put(SK, s(CONN_PREFIX + m.connectionId()));
        byRoom.put(CONNECTION_ID, s(m.connectionId()));
        byRoom.put(USER_ID, s(m.userId()));
        byRoom.put(REGION, s(m.region()));
        byRoom.put(CALLBACK_URL, s(m.callbackUrl()));
        byRoom.put(ROOM, s(room));
        if (m.connectedAt() > 0) {
            byRoom.put(CONNECTED_AT, n(m.connectedAt()));
        }
        byRoom.put(TTL, n(ttl));
        Map<String, AttributeValue> byConn = new HashMap<>();
        byConn.put(PK, s(CONN_PREFIX + m.connectionId()));
        byConn.put(SK, s(ROOM_PREFIX + room));
        byConn.put(CONNECTION_ID, s(m.connectionId()));
        byConn.put(USER_ID, s(m.userId()));
        byConn.put(ROOM, s(room));
        byConn.put(TTL, n(ttl));
        // by-connection first: a crash in between leaves an item that $disconnect still finds and cleans
        dynamo.putItem(r -> r.tableName(table).item(byConn));
        dynamo.putItem(r -> r.tableName(table).item(byRoom));
    }

    /** Removes {@code connectionId} from {@code room} (both items); idempotent. */
    public void removeMembership(String connectionId, String room) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(ROOM_PREFIX + room, CONN_PREFIX + connectionId)));
        dynamo.deleteItem(r -> r.tableName(table).key(key(CONN_PREFIX + connectionId, ROOM_PREFIX + room)));
    }

    /** Deletes the connection record; idempotent. */
    public void deleteConnection(String connectionId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(CONN_PREFIX + connectionId, META)));
    }

    /**
     * Deletes everything of a connection that no longer exists (410 Gone): its memberships, the by-room item
     * {@code knownRoom} (null if none) even when the by-connection side is already gone, and its record.
     *
     * @return the rooms it was removed from
     */
    public List<String> purge(String connectionId, String knownRoom) {
        List<String> rooms = roomsOf(connectionId);
        if (knownRoom != null && !rooms.contains(knownRoom)) {
            rooms.add(knownRoom);
        }
        for (String room : rooms) {
            removeMembership(connectionId, room);
        }
        deleteConnection(connectionId);
        return rooms;
    }

    /**
     * Counts one frame against the connection's rate: at most {@code burst} frames per window of
     * {@code windowMillis}, enforced atomically with conditional updates of the connection record (two concurrent
     * frames can never both take the last slot).
     *
     * @return true if the frame is allowed; true as well when the connection has no record (nothing to count on)
     */
    public boolean tryAcquire(String connectionId, long nowMillis, long windowMillis, int burst) {
        long window = nowMillis / windowMillis;
        Map<String, AttributeValue> key = key(CONN_PREFIX + connectionId, META);
        Map<String, String> names = Map.of("#pk", PK, "#w", RATE_WINDOW, "#c", RATE_COUNT);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamo.updateItem(r -> r.tableName(table).key(key)
                        .updateExpression("SET #c = #c + :one")
                        .conditionExpression("attribute_exists(#pk) AND #w = :w AND #c < :burst")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(Map.of(":one", n(1), ":w", n(window), ":burst", n(burst))));
                return true;
            } catch (ConditionalCheckFailedException sameWindowFullOrNewWindow) {
                // fall through: maybe this is the first frame of a new window
            }
            try {
                dynamo.updateItem(r -> r.tableName(table).key(key)
                        .updateExpression("SET #w = :w, #c = :one")
                        .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#w) OR #w < :w)")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(Map.of(":one", n(1), ":w", n(window))));
                return true;
            } catch (ConditionalCheckFailedException notNewWindow) {
                // either the window is full, another frame opened it first (retry), or there is no record
            }
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                    .projectionExpression("#w, #c").expressionAttributeNames(Map.of("#w", RATE_WINDOW,
                            "#c", RATE_COUNT))).item();
            if (item == null || item.isEmpty()) {
                return true;
            }
            AttributeValue w = item.get(RATE_WINDOW);
            AttributeValue c = item.get(RATE_COUNT);
            if (w != null && c != null && Long.parseLong(w.n()) == window && Long.parseLong(c.n()) >= burst) {
                return false;
            }
        }
        return false;
    }

    private void query(QueryRequest request, java.util.function.Consumer<Map<String, AttributeValue>> each) {
        dynamo.queryPaginator(request).items().forEach(each);
    }

    private static Member member(Map<String, AttributeValue> item) {
        AttributeValue connectedAt = item.get(CONNECTED_AT);
        return new Member(str(item, CONNECTION_ID), str(item, USER_ID), str(item, REGION), str(item, CALLBACK_URL),
                connectedAt == null ? 0L : Long.parseLong(connectedAt.n()));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
