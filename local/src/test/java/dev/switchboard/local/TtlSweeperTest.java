package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The TTL sweeper against dynalite, with BatchWriteItem's UnprocessedItems (which DynamoDB returns under throttling
 * and dynalite never does) injected in front of the real client: the first item of a request is left unprocessed
 * while a call-number predicate says so, the rest really written. AWS: "If any requested operations fail because the
 * table's provisioned throughput is exceeded ... the failed operations are returned in the UnprocessedItems ... we
 * strongly recommend that you use an exponential backoff algorithm"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 */
class TtlSweeperTest {
    private static DynaliteProcess dynalite;
    private static DynamoDbClient real;
    private static final Blueprint BLUEPRINT = Fixture.referenceBlueprint();
    private final List<Long> sleeps = new ArrayList<>();

    @BeforeAll
    static void start() {
        dynalite = DynaliteProcess.start();
        real = LocalClients.dynamoDb(dynalite.endpoint());
        TableBootstrap.createTables(real, BLUEPRINT);
    }

    @AfterAll
    static void stop() {
        real.close();
        dynalite.close();
    }

    @BeforeEach
    void expiredItems() {
        String table = BLUEPRINT.tableName(BLUEPRINT.dataModel().connections());
        long past = System.currentTimeMillis() / 1000 - 60;
        for (int i = 0; i < 30; i++) {
            String pk = "CONN#ttl" + i;
            real.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("META"),
                    "ttl", AttributeValue.fromN(Long.toString(past)))));
        }
    }

    private long expiredLeft() {
        String table = BLUEPRINT.tableName(BLUEPRINT.dataModel().connections());
        return real.scanPaginator(b -> b.tableName(table)).items().stream()
                .filter(i -> i.get("pk").s().startsWith("CONN#ttl")).count();
    }

    /** The real client, except that BatchWriteItem call n (1-based) leaves its first item unprocessed when {@code defer} says so. */
    private static DynamoDbClient throttling(IntPredicate defer) {
        AtomicInteger calls = new AtomicInteger();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[]{DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("batchWriteItem") && args != null && args[0] instanceof java.util.function.Consumer<?> c) {
                        BatchWriteItemRequest.Builder b = BatchWriteItemRequest.builder();
                        @SuppressWarnings("unchecked")
                        java.util.function.Consumer<BatchWriteItemRequest.Builder> consumer =
                                (java.util.function.Consumer<BatchWriteItemRequest.Builder>) c;
                        consumer.accept(b);
                        args = new Object[]{b.build()};
                        method = DynamoDbClient.class.getMethod("batchWriteItem", BatchWriteItemRequest.class);
                    }
                    if (method.getName().equals("batchWriteItem") && args != null && args[0] instanceof BatchWriteItemRequest r) {
                        int n = calls.incrementAndGet();
                        if (defer.test(n)) {
                            String table = r.requestItems().keySet().iterator().next();
                            List<WriteRequest> items = r.requestItems().get(table);
                            if (items.size() > 1) {
                                real.batchWriteItem(b -> b.requestItems(Map.of(table, items.subList(1, items.size()))));
                            }
                            return BatchWriteItemResponse.builder().unprocessedItems(Map.of(table, items.subList(0, 1))).build();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void unprocessedItems_areRetriedWithGrowingBackoff_andCountedOnceDeleted() {
        TtlSweeper sweeper = new TtlSweeper(throttling(n -> n <= 2), BLUEPRINT, 1000, sleeps::add);
        assertThat(sweeper.sweep(System.currentTimeMillis() / 1000)).isEqualTo(30);
        assertThat(expiredLeft()).isZero();
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(TtlSweeper.BACKOFF_BASE_MILLIS / 2, TtlSweeper.BACKOFF_BASE_MILLIS);
        assertThat(sleeps.get(1)).isBetween(TtlSweeper.BACKOFF_BASE_MILLIS, 2 * TtlSweeper.BACKOFF_BASE_MILLIS);
    }

    @Test
    void itemsStillUnprocessedAfterEveryAttempt_areNotCountedAsDeleted_andTheNextSweepGetsThem() {
        TtlSweeper stubborn = new TtlSweeper(throttling(n -> n <= TtlSweeper.ATTEMPTS), BLUEPRINT, 1000, sleeps::add);
        assertThat(stubborn.sweep(System.currentTimeMillis() / 1000)).isEqualTo(29);
        assertThat(expiredLeft()).isEqualTo(1);
        assertThat(sleeps).hasSize(TtlSweeper.ATTEMPTS - 1).isSorted();
        assertThat(new TtlSweeper(real, BLUEPRINT, 1000, sleeps::add).sweep(System.currentTimeMillis() / 1000)).isEqualTo(1);
        assertThat(expiredLeft()).isZero();
    }
}
