package dev.switchboard.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.blueprint.Environments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class TableBootstrapTest {
    static DynaliteProcess dynalite;
    static DynamoDbClient client;
    static final Blueprint BLUEPRINT = Blueprint.reference(Environments.resolve("dev", Map.of()));

    @BeforeAll
    static void start() {
        dynalite = DynaliteProcess.start();
        client = LocalClients.dynamoDb(dynalite.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        dynalite.close();
    }

    @Test
    void createTables_createsTheConnectionTableWithItsIndex_onDemand() {
        // WHEN
        List<String> names = TableBootstrap.createTables(client, BLUEPRINT);
        // THEN
        assertThat(names).containsExactly("switchboard-dev-connections");
        TableDescription t = client.describeTable(r -> r.tableName("switchboard-dev-connections")).table();
        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(t.keySchema()).extracting(k -> k.attributeName()).containsExactly(ConnectionSchema.PK, ConnectionSchema.SK);
        assertThat(t.globalSecondaryIndexes()).singleElement().satisfies(i -> {
            assertThat(i.indexName()).isEqualTo(ConnectionSchema.GSI1);
            assertThat(i.keySchema()).extracting(k -> k.attributeName())
                    .containsExactly(ConnectionSchema.GSI1_PK, ConnectionSchema.GSI1_SK);
        });
    }

    @Test
    void createTables_whenTablesExist_keepsTheirItems() {
        // GIVEN an existing table with an item
        TableBootstrap.createTables(client, BLUEPRINT);
        client.putItem(r -> r.tableName("switchboard-dev-connections").item(Map.of(
                ConnectionSchema.PK, AttributeValue.fromS("CONN#a"), ConnectionSchema.SK, AttributeValue.fromS("META"))));
        // WHEN bootstrapping again
        TableBootstrap.createTables(client, BLUEPRINT);
        // THEN nothing failed and the item is still there
        assertThat(client.scan(r -> r.tableName("switchboard-dev-connections")).count()).isEqualTo(1);
    }
}
