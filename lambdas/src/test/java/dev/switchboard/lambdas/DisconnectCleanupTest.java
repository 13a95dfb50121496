package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.lambdas.api.HandlerConfig;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.InvocationDeadlines;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.DeadlineBoundDynamoDb;
import dev.switchboard.lambdas.store.Member;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@code $disconnect} is called once ("$disconnect is a best-effort event",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html):
 * a clean-up whose DynamoDB calls fail after the SDK's own retries runs again while the invocation has time, so the
 * connection's records and its per-user slot do not wait for their TTL (the fault matrix at 20 % left four connections
 * of 200 before, BENCHMARKS.md "Fault matrix"). The failures are thrown in front of a real client on dynalite: each
 * stands for a call that failed after the client's three attempts.
 */
class DisconnectCleanupTest {
    static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** The real client, with the next {@code n} calls of each named operation failing with {@code error}. */
    static final class Failing {
        final Map<String, AtomicInteger> left = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> skip = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile SdkException error;

        DynamoDbClient client(DynamoDbClient real) {
            return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                    new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                        calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                        AtomicInteger skipped = skip.get(method.getName());
                        AtomicInteger n = left.get(method.getName());
                        if (skipped != null && skipped.getAndDecrement() > 0) {
                            n = null;
                        }
                        if (n != null && n.getAndDecrement() > 0) {
                            throw error;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        Failing fail(String operation, int times, SdkException e) {
            return fail(operation, 0, times, e);
        }

        /** The {@code times} calls of {@code operation} after the first {@code skipFirst} fail with {@code e}. */
        Failing fail(String operation, int skipFirst, int times, SdkException e) {
            skip.put(operation, new AtomicInteger(skipFirst));
            left.put(operation, new AtomicInteger(times));
            error = e;
            return this;
        }
    }

    static SdkException internalError() {
        return DynamoDbException.builder().statusCode(500).message("injected InternalServerError")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").build()).build();
    }

    static SdkException throughputExceeded() {
        return DynamoDbException.builder().statusCode(400).message("injected throttle")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .build();
    }

    /** Posts nothing anywhere: records which connection got which frame. */
    static final class Posts implements ManagementApi {
        final List<String> got = new CopyOnWriteArrayList<>();

        @Override
        public Outcome post(Member recipient, byte[] frame) {
            got.add(recipient.connectionId() + " " + new String(frame, java.nio.charset.StandardCharsets.UTF_8));
            return Outcome.DELIVERED;
        }
    }

    private static HandlerContext context(DynamoDbClient dynamo, ManagementApi api) {
        HandlerConfig config = HandlerConfig.fromEnv(h.env(Map.of()));
        return new HandlerContext(config, new ConnectionRepository(dynamo, h.table), api,
                new Telemetry("switchboard", l -> { }, Clock.systemUTC()), Clock.systemUTC());
    }

    /** Every item of the connection's partition and of the user's, as "pk / sk". */
    private static List<String> itemsOf(String connectionId, String user) {
        List<String> out = new java.util.ArrayList<>();
        for (String pk : List.of(ConnectionSchema.CONN_PREFIX + connectionId, ConnectionSchema.USER_PREFIX + user)) {
            h.dynamo.query(r -> r.tableName(h.table).consistentRead(true).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", ConnectionSchema.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                    .items().forEach(i -> out.add(pk + " / " + i.get(ConnectionSchema.SK).s()));
        }
        return out;
    }

    /** The room's items that name the connection (its membership under the room's partition). */
    private static List<String> roomItemsOf(String room, String connectionId) {
        return h.dynamo.query(r -> r.tableName(h.table).consistentRead(true).keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", ConnectionSchema.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ConnectionSchema.ROOM_PREFIX + room))))
                .items().stream().filter(i -> i.values().stream().anyMatch(v -> connectionId.equals(v.s())))
                .map(i -> i.get(ConnectionSchema.SK).s()).toList();
    }

    private static String connectInto(String room, String user, Posts posts) {
        String id = Harness.newConnectionId();
        JsonNode r = Harness.call(new ConnectHandler(context(h.dynamo, posts)), Harness.connectEvent(id, user, room));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        return id;
    }

    @Test
    void deletesThatFailAfterTheSdksRetries_runAgain_nothingIsLeft_andPresenceStillGoesOut() {
        // GIVEN alice and bob in a room, alice's connection holding a slot, a membership and a record
        Posts posts = new Posts();
        String room = "r-cleanup-" + Harness.newConnectionId().substring(0, 6);
        String bob = connectInto(room, "bob-c1", posts);
        String alice = connectInto(room, "alice-c1", posts);
        assertThat(itemsOf(alice, "alice-c1")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(roomItemsOf(room, alice)).isNotEmpty();
        // WHEN alice's $disconnect meets two failed deletes and a failed slot read (after the SDK's retries)
        Failing failing = new Failing().fail("deleteItem", 2, internalError()).fail("query", 1, throughputExceeded());
        JsonNode r = Harness.call(new DisconnectHandler(context(failing.client(h.dynamo), posts)),
                Harness.disconnectEvent(alice, "alice-c1"));
        // THEN it succeeds (no error in the answer), nothing of alice's connection or user is left, and bob hears that she left
        assertThat(r.path("body").asText("")).doesNotContain("INTERNAL");
        assertThat(failing.calls.get("deleteItem").get()).isGreaterThan(2);
        assertThat(itemsOf(alice, "alice-c1")).isEmpty();
        assertThat(roomItemsOf(room, alice)).isEmpty();
        assertThat(posts.got).anyMatch(p -> p.startsWith(bob + " ") && p.contains("\"presence\"")
                && p.contains("alice-c1") && p.contains("leave"));
    }

    @Test
    void aConnectThatFailsAfterStoringItsRecords_removesThem_forNoDisconnectFollowsARefusedHandshake() {
        // "If the $connect request fails (e.g., due to AuthN/AuthZ failure or an integration failure), the connection
        // will not be made" (the page above), so no $disconnect follows: the fault matrix at 20 % found the record and
        // the membership of such a connection left until their TTL
        Posts posts = new Posts();
        String room = "r-refused-" + Harness.newConnectionId().substring(0, 6);
        String bob = connectInto(room, "bob-c2", posts);
        String erin = Harness.newConnectionId();
        // GIVEN the room's read after erin's membership is stored fails (the slot's query, the first, passes)
        Failing failing = new Failing().fail("query", 1, 1, internalError());
        // WHEN erin connects into the room
        JsonNode r = Harness.call(new ConnectHandler(context(failing.client(h.dynamo), posts)),
                Harness.connectEvent(erin, "erin-c2", room));
        // THEN the handshake is refused, and nothing of erin's connection, user or membership is left; bob stays
        assertThat(r.path("statusCode").asInt()).isEqualTo(500);
        assertThat(failing.calls.get("query").get()).isGreaterThan(2);
        assertThat(itemsOf(erin, "erin-c2")).isEmpty();
        assertThat(roomItemsOf(room, erin)).isEmpty();
        assertThat(roomItemsOf(room, bob)).isNotEmpty();
    }

    /**
     * The real client behind the handlers' deadline-bound one, with the connection record's write hanging until the
     * timeout the deadline gave it, then failing as the SDK does ({@code ApiCallTimeoutException}).
     */
    private static DynamoDbClient hangingRecordWrite(DynamoDbClient real) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("putItem") && args[0] instanceof PutItemRequest p
                            && ConnectionSchema.META.equals(p.item().get(ConnectionSchema.SK).s())) {
                        Duration t = p.overrideConfiguration().flatMap(o -> o.apiCallTimeout()).orElseThrow();
                        Thread.sleep(t.toMillis());
                        throw ApiCallTimeoutException.create(t.toMillis());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aConnectWhoseCallsHangUntilItsDeadline_stillHasTimeToGiveBackItsSlot() throws Exception {
        // the fault matrix at 20 % left two slots this way: the $connect's calls ran 9 s of its 10, and the clean-up's
        // calls were given "1 millis"
        Posts posts = new Posts();
        String frank = Harness.newConnectionId();
        // GIVEN a 6 s invocation whose connection record write hangs until its call's timeout
        DynamoDbClient dynamo = new DeadlineBoundDynamoDb(hangingRecordWrite(h.dynamo), Duration.ofSeconds(8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // WHEN frank connects
        new ConnectHandler(context(dynamo, posts)).handleRequest(new ByteArrayInputStream(
                Json.bytes(Harness.connectEvent(frank, "frank-c1", null))), out, InvocationDeadlines.lambdaContext(6_000));
        // THEN the handshake is refused, and frank's slot is not left to count against his cap
        assertThat(Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt()).isEqualTo(500);
        assertThat(itemsOf(frank, "frank-c1")).isEmpty();
    }

    @Test
    void anErrorTheSdkWouldNotRetry_isNotRetried() {
        Posts posts = new Posts();
        String carol = connectInto(null, "carol-c1", posts);
        SdkException validation = DynamoDbException.builder().statusCode(400).message("injected ValidationException")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build();
        Failing failing = new Failing().fail("query", 1_000, validation);
        JsonNode r = Harness.call(new DisconnectHandler(context(failing.client(h.dynamo), posts)),
                Harness.disconnectEvent(carol, "carol-c1"));
        assertThat(Harness.body(r).path("code").asText()).isEqualTo("INTERNAL");
        // the slot's query was tried once (the rooms' reads page through queryPaginator, not failed here)
        assertThat(failing.calls.get("query").get()).isEqualTo(1);
    }

    @Test
    void aCleanUpThatKeepsFailing_stopsInTimeForTheInvocationsDeadline() throws Exception {
        Posts posts = new Posts();
        String dave = connectInto(null, "dave-c1", posts);
        Failing failing = new Failing().fail("query", 1_000_000, internalError());
        long start = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DisconnectHandler(context(failing.client(h.dynamo), posts)).handleRequest(new ByteArrayInputStream(
                Json.bytes(Harness.disconnectEvent(dave, "dave-c1"))), out, InvocationDeadlines.lambdaContext(3_000));
        long took = System.currentTimeMillis() - start;
        // several passes ran, and the handler answered with the store margin (1 s) still left
        assertThat(failing.calls.get("query").get()).isGreaterThan(2);
        assertThat(took).isLessThan(2_500);
        assertThat(Harness.body(Json.MAPPER.readTree(out.toByteArray())).path("code").asText()).isEqualTo("INTERNAL");
    }
}
