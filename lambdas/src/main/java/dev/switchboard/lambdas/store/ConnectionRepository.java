package dev.switchboard.lambdas.store;

import static dev.switchboard.blueprint.ConnectionSchema.CALLBACK_URL;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTED_AT;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTION_ID;
import static dev.switchboard.blueprint.ConnectionSchema.CONN_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1_PK;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1_SK;
import static dev.switchboard.blueprint.ConnectionSchema.META;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.RATE;
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
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The connection table (single-table layout of {@link dev.switchboard.blueprint.ConnectionSchema}; every access
 * pattern is in docs/data-model.md). Reads are key lookups and queries, never a Scan. There are no transactions:
 * every write is idempotent (puts of whole items, deletes by key) so that a retried or half-done operation converges.
 *
 * <p>Every read that answers "who is there" drops items whose {@code ttl} has passed: DynamoDB deletes expired items
 * within days, not at once, and its queries keep returning them until then
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html). Only {@link #roomsOf},
 * which feeds cleanup, returns expired items too. The clock that decides expiry defaults to the system clock.
 */
public class ConnectionRepository {
    private final DynamoDbClient dynamo;
    private final String table;
    private final LongSupplier clock;
    private final RoomCounts counts;
    private final RateLimiter rateLimiter;
    private final ConnectionSlots slots;

    public ConnectionRepository(DynamoDbClient dynamo, String table) {
        this(dynamo, table, System::currentTimeMillis);
    }

    public ConnectionRepository(DynamoDbClient dynamo, String table, LongSupplier clockMillis) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clockMillis;
        this.counts = new RoomCounts(dynamo, table);
        this.rateLimiter = new RateLimiter(dynamo, table, this::live);
        this.slots = new ConnectionSlots(dynamo, table, clockMillis);
    }

    /** A page of a room's member connections in key order, as read (expired ones dropped). */
    public record RoomPage(List<Member> members, String lastConnectionId, boolean exhausted) {
    }

    /** The key that seals member cursors ({@link CursorKey}); made on first use. */
    public javax.crypto.SecretKey cursorKey() {
        return CursorKey.readOrCreate(dynamo, table);
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

    /** The connection record, read consistently; empty when absent or expired. */
    public Optional<Member> connection(String connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(CONN_PREFIX + connectionId, META))).item();
        return live(item) ? Optional.of(member(item)) : Optional.empty();
    }

    /** Every live connection of {@code userId} (index {@code byUser}; eventually consistent). */
    public List<Member> connectionsOfUser(String userId) {
        List<Member> out = new ArrayList<>();
        query(QueryRequest.builder().tableName(table).indexName(GSI1)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", GSI1_PK))
                .expressionAttributeValues(Map.of(":pk", s(USER_PREFIX + userId)))
                .build(), out);
        return out;
    }

    /** Every live member connection of {@code room}, read consistently (the fan-out of a send). */
    public List<Member> roomMembers(String room) {
        List<Member> out = new ArrayList<>();
        query(membersQuery(room, null, true, null), out);
        return out;
    }

    /**
     * Reads {@code room}'s member connections in key order after {@code afterConnectionId} (null: from the start),
     * page by page, until more than {@code maxUsers} distinct users were seen, {@code maxItems} items were read or
     * the room ends.
     */
    public RoomPage roomPage(String room, String afterConnectionId, int maxUsers, int maxItems, boolean consistent) {
        List<Member> out = new ArrayList<>();
        java.util.Set<String> users = new java.util.HashSet<>();
        Map<String, AttributeValue> start = afterConnectionId == null ? null
                : key(ROOM_PREFIX + room, CONN_PREFIX + afterConnectionId);
        int read = 0;
        String last = afterConnectionId;
        while (true) {
            int limit = Math.max(1, Math.min(maxUsers + 1, maxItems - read));
            QueryResponse page = dynamo.query(membersQuery(room, start, consistent, limit));
            for (Map<String, AttributeValue> item : page.items()) {
                read++;
                last = str(item, CONNECTION_ID);
                if (live(item)) {
                    Member m = member(item);
                    out.add(m);
                    users.add(m.userId());
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                return new RoomPage(out, null, true);
            }
            if (users.size() > maxUsers || read >= maxItems) {
                return new RoomPage(out, last, false);
            }
        }
    }

    /** Whether {@code connectionId} is a live member of {@code room} (its by-connection item, read consistently). */
    public boolean isMember(String connectionId, String room) {
        return live(dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(CONN_PREFIX + connectionId, ROOM_PREFIX + room))).item());
    }

    /** The rooms {@code connectionId} has membership items in, expired ones included (for cleanup). */
    public List<String> roomsOf(String connectionId) {
        List<String> out = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :room)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(CONN_PREFIX + connectionId), ":room", s(ROOM_PREFIX)))
                .build()).items().forEach(item -> out.add(item.get(SK).s().substring(ROOM_PREFIX.length())));
        return out;
    }

    /**
     * Adds {@code m} to {@code room}: the by-connection item (for cleanup), then the by-room item (for fan-out), and
     * counts the connection in the room's count bucket of its expiry when it was not a live member already.
     *
     * @return true when the connection was not a live member before
     */
    public boolean addMembership(Member m, String room, long ttl) {
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
        Map<String, AttributeValue> old = dynamo.putItem(r -> r.tableName(table).item(byRoom)
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        boolean added = !live(old);
        if (added) {
            counts.add(room, m.connectionId(), ttl, 1);
        }
        return added;
    }

    /**
     * Removes {@code connectionId} from {@code room} (both items); idempotent.
     *
     * @return true when a live by-room item was deleted (the connection was a member)
     */
    public boolean removeMembership(String connectionId, String room) {
        Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table)
                .key(key(ROOM_PREFIX + room, CONN_PREFIX + connectionId)).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        dynamo.deleteItem(r -> r.tableName(table).key(key(CONN_PREFIX + connectionId, ROOM_PREFIX + room)));
        boolean wasLive = live(old);
        if (wasLive) {
            counts.add(room, connectionId, Long.parseLong(old.get(TTL).n()), -1);
        }
        return wasLive;
    }

    /** The room's live member connections according to its count buckets (see {@link RoomCounts}). */
    public long countConnections(String room) {
        return counts.count(room, clock.getAsLong() / 1000);
    }

    /** Deletes the connection record and its rate-limit item; idempotent. */
    public void deleteConnection(String connectionId) {
        // one BatchWriteItem for the record and its rate-limit item (the same write units as two DeleteItems, one
        // request); what DynamoDB leaves unprocessed is sent again, a few times, then deleted one by one
        List<WriteRequest> deletes = List.of(META, RATE).stream().map(sk -> WriteRequest.builder()
                .deleteRequest(d -> d.key(key(CONN_PREFIX + connectionId, sk))).build()).toList();
        Map<String, List<WriteRequest>> pending = Map.of(table, deletes);
        for (int attempt = 0; attempt < 3 && !pending.isEmpty(); attempt++) {
            Map<String, List<WriteRequest>> batch = pending;
            pending = dynamo.batchWriteItem(r -> r.requestItems(batch)).unprocessedItems();
        }
        pending.getOrDefault(table, List.of()).forEach(w -> dynamo.deleteItem(r -> r.tableName(table)
                .key(w.deleteRequest().key())));
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
     * Counts one frame of {@code connectionId} that arrived at {@code arrivalMillis} against its user's rate
     * ({@link RateLimiter}: at most {@code burst + floor(ratePerSecond × t)} frames in any interval of {@code t}
     * seconds, all the user's connections together).
     *
     * @return true if the frame is allowed; false when it is over the rate or the connection has no live record
     */
    public boolean tryAcquire(String userId, String connectionId, long arrivalMillis, int ratePerSecond, int burst) {
        return rateLimiter.tryAcquire(userId, connectionId, arrivalMillis, ratePerSecond, burst);
    }

    /**
     * Takes one of the user's {@code max} connection slots for {@code connectionId} until {@code ttl} (epoch seconds)
     * ({@link ConnectionSlots}); false when the user already holds {@code max} live ones.
     */
    public boolean acquireSlot(String userId, String connectionId, int max, long ttl) {
        return slots.acquire(userId, connectionId, max, ttl);
    }

    /** The live connection slots of {@code userId} and who holds each ({@link ConnectionSlots}). */
    public List<Slot> slotHolders(String userId) {
        return slots.holders(userId);
    }

    /**
     * Gives {@code slot} to {@code connectionId} if its holder still holds it; for a holder found gone
     * ({@link ConnectionSlots#takeOver}).
     */
    public boolean takeOverSlot(String userId, Slot slot, String connectionId, long ttl) {
        return slots.takeOver(userId, slot, connectionId, ttl);
    }

    /**
     * Gives back the connection slot {@code connectionId} holds, if any; when it was the user's last, also drops the
     * user's rate item if its bucket is full again ({@link RateLimiter#forgetIfFull}), so nothing of the user stays.
     */
    public void releaseSlot(String userId, String connectionId) {
        if (slots.release(userId, connectionId) == 0) {
            rateLimiter.forgetIfFull(userId, clock.getAsLong());
        }
    }

    private QueryRequest membersQuery(String room, Map<String, AttributeValue> start, boolean consistent,
                                      Integer limit) {
        return QueryRequest.builder().tableName(table).consistentRead(consistent)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :conn)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(ROOM_PREFIX + room), ":conn", s(CONN_PREFIX)))
                .exclusiveStartKey(start).limit(limit).build();
    }

    private void query(QueryRequest request, List<Member> out) {
        dynamo.queryPaginator(request).items().forEach(item -> {
            if (live(item)) {
                out.add(member(item));
            }
        });
    }

    /** Whether {@code item} exists and its {@code ttl} (epoch seconds), if any, has not passed. */
    boolean live(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return false;
        }
        AttributeValue ttl = item.get(TTL);
        return ttl == null || ttl.n() == null || Long.parseLong(ttl.n()) * 1000 > clock.getAsLong();
    }

    private static Member member(Map<String, AttributeValue> item) {
        AttributeValue connectedAt = item.get(CONNECTED_AT);
        return new Member(str(item, CONNECTION_ID), str(item, USER_ID), str(item, REGION), str(item, CALLBACK_URL),
                connectedAt == null ? 0L : Long.parseLong(connectedAt.n()));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
