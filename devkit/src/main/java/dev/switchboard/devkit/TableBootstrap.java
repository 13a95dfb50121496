package dev.switchboard.devkit;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.IndexSpec;
import dev.switchboard.blueprint.KeyAttribute;
import dev.switchboard.blueprint.TableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates a blueprint's tables on a local DynamoDB API (dynalite), the way the CDK stacks and the Pulumi program
 * create them in AWS: physical name {@link Blueprint#tableName}, keys and global secondary indexes (all attributes
 * projected) from the {@link TableSpec}, billed on demand. Idempotent: a table that already exists is left as it is.
 * TTL is not enabled (dynalite has no UpdateTimeToLive); items still carry the TTL attribute.
 */
public final class TableBootstrap {
    /** How long {@link #createTables} waits for a table to become ACTIVE. */
    public static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(30);

    private TableBootstrap() {
    }

    /**
     * Creates every table of {@code blueprint.dataModel()} that does not exist yet and waits until all are ACTIVE.
     *
     * @return the physical table names, in the data model's order
     */
    public static List<String> createTables(DynamoDbClient client, Blueprint blueprint) {
        List<String> names = new ArrayList<>();
        for (TableSpec t : blueprint.dataModel().tables()) {
            String name = blueprint.tableName(t);
            try {
                client.createTable(request(name, t));
            } catch (ResourceInUseException exists) {
                // already there: idempotent
            }
            names.add(name);
        }
        for (String name : names) {
            awaitActive(client, name);
        }
        return names;
    }

    /** The CreateTable request for {@code spec} under {@code physicalName}. */
    public static CreateTableRequest request(String physicalName, TableSpec spec) {
        Map<String, ScalarAttributeType> attrs = new LinkedHashMap<>();
        attrs.put(spec.partitionKey().name(), type(spec.partitionKey()));
        attrs.put(spec.sortKey().name(), type(spec.sortKey()));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (IndexSpec i : spec.indexes()) {
            attrs.putIfAbsent(i.partitionKey().name(), type(i.partitionKey()));
            attrs.putIfAbsent(i.sortKey().name(), type(i.sortKey()));
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName(i.name())
                    .keySchema(key(i.partitionKey(), KeyType.HASH), key(i.sortKey(), KeyType.RANGE))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(physicalName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(spec.partitionKey(), KeyType.HASH), key(spec.sortKey(), KeyType.RANGE))
                .attributeDefinitions(attrs.entrySet().stream()
                        .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build())
                        .toList());
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis);
        }
        return b.build();
    }

    private static void awaitActive(DynamoDbClient client, String name) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (true) {
            TableStatus s = client.describeTable(r -> r.tableName(name)).table().tableStatus();
            if (s == TableStatus.ACTIVE) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + name + " is still " + s + " after "
                        + ACTIVE_TIMEOUT.toSeconds() + " s");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + name, e);
            }
        }
    }

    private static KeySchemaElement key(KeyAttribute a, KeyType type) {
        return KeySchemaElement.builder().attributeName(a.name()).keyType(type).build();
    }

    private static ScalarAttributeType type(KeyAttribute a) {
        return switch (a.type()) {
            case S -> ScalarAttributeType.S;
            case N -> ScalarAttributeType.N;
            case B -> ScalarAttributeType.B;
        };
    }
}
