package dev.switchboard.bench.data;

import static dev.switchboard.blueprint.ConnectionSchema.CALLBACK_URL;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTED_AT;
import static dev.switchboard.blueprint.ConnectionSchema.CONNECTION_ID;
import static dev.switchboard.blueprint.ConnectionSchema.CONN_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1_PK;
import static dev.switchboard.blueprint.ConnectionSchema.GSI1_SK;
import static dev.switchboard.blueprint.ConnectionSchema.META;
import static dev.switchboard.blueprint.ConnectionSchema.PK;
import static dev.switchboard.blueprint.ConnectionSchema.REGION;
import static dev.switchboard.blueprint.ConnectionSchema.ROOM;
import static dev.switchboard.blueprint.ConnectionSchema.ROOM_PREFIX;
import static dev.switchboard.blueprint.ConnectionSchema.SK;
import static dev.switchboard.blueprint.ConnectionSchema.TTL;
import static dev.switchboard.blueprint.ConnectionSchema.USER_ID;
import static dev.switchboard.blueprint.ConnectionSchema.USER_PREFIX;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Read units consumed to find the recipients of one room among {@code connections} connections (rooms of
 * {@code roomSize}), on dynalite: the shipped {@code ConnectionRepository.roomMembers} (a Query on {@code ROOM#room},
 * strongly consistent) against a Scan of the whole table filtered on the room (the pattern of AWS's sample chat app),
 * eventually consistent (the Scan default). Counts come from the server's {@code ConsumedCapacity}, not from a
 * formula; dynalite 4.0.0 reports a Scan as eventually consistent even with {@code ConsistentRead=true} (DynamoDB
 * charges twice as much), so the strongly consistent Scan is reported as twice the measured eventually consistent one.
 *
 * <p>The measured room's members are written by the shipped repository ({@code putConnection}, {@code addMembership});
 * every other connection is bulk-loaded with BatchWriteItem as the same three items (connection record, by-room and
 * by-connection membership), so the table holds {@code 3 * connections} items.
 *
 * <p>Flags: {@code --connections N} (default 100000), {@code --room-size N} (default 100).
 */
public final class DataAccessBenchmark {
    /** What one run measured. */
    public record Result(int connections, int roomSize, long tableItems, int members, double queryUnits,
                         double scanUnitsEventual, double scanUnitsStrong, long loadMillis) {
        public double ratioEventual() {
            return scanUnitsEventual / queryUnits;
        }

        public double ratioStrong() {
            return scanUnitsStrong / queryUnits;
        }

        public String summary() {
            return String.format(Locale.ROOT, "table: %,d connections (%,d items), rooms of %d, loaded in %.1f s%n"
                            + "query (shipped roomMembers, consistent): %d members, %.1f read units%n"
                            + "scan + filter, eventually consistent:    %.1f read units (%.0fx the query)%n"
                            + "scan + filter, strongly consistent:      %.1f read units (%.0fx the query; 2x the"
                            + " eventual scan: dynalite ignores ConsistentRead on Scan)%n",
                    connections, tableItems, roomSize, loadMillis / 1000.0, members, queryUnits, scanUnitsEventual,
                    ratioEventual(), scanUnitsStrong, ratioStrong());
        }
    }

    private DataAccessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = 100_000;
        int roomSize = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--room-size" -> roomSize = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: DataAccessBenchmark [--connections N] [--room-size N]");
                    System.exit(2);
                }
            }
        }
        System.out.print(run(connections, roomSize).summary());
    }

    public static Result run(int connections, int roomSize) throws Exception {
        if (connections < roomSize || roomSize < 1) {
            throw new IllegalArgumentException("need connections >= room size >= 1");
        }
        Blueprint blueprint = Blueprint.reference(Environments.resolve("dev", Map.of()));
        ConsumedCapacity capacity = new ConsumedCapacity();
        try (DynaliteProcess dynalite = DynaliteProcess.start();
             DynamoDbClient dynamo = DynamoDbClient.builder()
                     .endpointOverride(dynalite.endpoint())
                     .region(LocalClients.REGION)
                     .credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                     .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                     .overrideConfiguration(o -> o.addExecutionInterceptor(capacity))
                     .build()) {
            String table = TableBootstrap.createTables(dynamo, blueprint).get(0);
            ConnectionRepository repository = new ConnectionRepository(dynamo, table);
            long ttl = System.currentTimeMillis() / 1000 + blueprint.limits().connectionTtl().toSeconds();
            String callback = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev";
            String measured = "room-0";
            long start = System.nanoTime();
            for (int i = 0; i < roomSize; i++) {
                Member m = new Member(connectionId(i), "user-" + i, "us-east-1", callback);
                repository.putConnection(m, System.currentTimeMillis(), ttl);
                repository.addMembership(m, measured, ttl);
            }
            int rooms = connections / roomSize;
            bulkLoad(dynamo, table, roomSize, connections, rooms, callback, ttl);
            long loadMillis = (System.nanoTime() - start) / 1_000_000;

            capacity.reset();
            List<Member> members = repository.roomMembers(measured);
            double queryUnits = capacity.units();
            double scanEventual = scan(dynamo, table, measured, false, capacity);
            double scanStrong = 2 * scanEventual;
            if (capacity.missing() > 0) {
                throw new IllegalStateException("the server reported no consumed capacity for " + capacity.missing()
                        + " responses");
            }
            return new Result(connections, roomSize, 3L * connections, members.size(), queryUnits, scanEventual,
                    scanStrong, loadMillis);
        }
    }

    private static double scan(DynamoDbClient dynamo, String table, String room, boolean consistent,
                               ConsumedCapacity capacity) {
        capacity.reset();
        long found = dynamo.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(consistent)
                        .filterExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ROOM_PREFIX + room)))
                        .build())
                .items().stream().count();
        if (found == 0) {
            throw new IllegalStateException("the scan found no member of " + room);
        }
        return capacity.units();
    }

    private static void bulkLoad(DynamoDbClient dynamo, String table, int from, int to, int rooms, String callback,
                                 long ttl) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int i = from; i < to; i++) {
                String id = connectionId(i);
                String user = "user-" + i;
                String room = "room-" + (i % rooms == 0 ? rooms : i % rooms);
                batch.add(put(Map.of(PK, s(CONN_PREFIX + id), SK, s(META), GSI1_PK, s(USER_PREFIX + user),
                        GSI1_SK, s(CONN_PREFIX + id), CONNECTION_ID, s(id), USER_ID, s(user),
                        CONNECTED_AT, n(System.currentTimeMillis()), REGION, s("us-east-1"),
                        CALLBACK_URL, s(callback), TTL, n(ttl))));
                batch.add(put(Map.of(PK, s(ROOM_PREFIX + room), SK, s(CONN_PREFIX + id), CONNECTION_ID, s(id),
                        USER_ID, s(user), REGION, s("us-east-1"), CALLBACK_URL, s(callback), ROOM, s(room),
                        TTL, n(ttl))));
                batch.add(put(Map.of(PK, s(CONN_PREFIX + id), SK, s(ROOM_PREFIX + room), CONNECTION_ID, s(id),
                        USER_ID, s(user), ROOM, s(room), TTL, n(ttl))));
                if (batch.size() >= 24) {
                    List<WriteRequest> b = List.copyOf(batch);
                    futures.add(pool.submit(() -> write(dynamo, table, b)));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                futures.add(pool.submit(() -> write(dynamo, table, List.copyOf(batch))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 20) {
                throw new IllegalStateException("dynalite keeps returning unprocessed items");
            }
            Map<String, List<WriteRequest>> p = pending;
            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(p));
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }

    /** An API-Gateway-shaped connection id. */
    static String connectionId(int i) {
        return String.format("C%014d=", i);
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(new HashMap<>(item)).build()).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
