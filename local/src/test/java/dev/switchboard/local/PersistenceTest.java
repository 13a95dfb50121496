package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.LocalClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code --data-dir}: dynalite keeps its data on disk, and a restart removes the connection records of the last run. */
class PersistenceTest {
    @Test
    void restartOnSameDataDir_keepsTheTable_andPurgesStaleConnectionRecords() throws Exception {
        Path dir = Files.createTempDirectory("dynalite-data");
        LocalConfig config = LocalConfig.defaults().withDataDir(dir);
        LocalGateway first = LocalGateway.start(Fixture.referenceBlueprint(), config);
        String table = first.connectionTable();
        try (DynamoDbClient dynamo = LocalClients.dynamoDb(first.dynamoDbEndpoint())) {
            // GIVEN a record left behind, as by a killed gateway
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("CONN#leftover0000A="),
                    "sk", AttributeValue.fromS("META"), "ttl", AttributeValue.fromN("9999999999"))));
        }
        first.close();

        LocalGateway second = LocalGateway.start(Fixture.referenceBlueprint(), config);
        try (DynamoDbClient dynamo = LocalClients.dynamoDb(second.dynamoDbEndpoint())) {
            assertThat(dynamo.listTables().tableNames()).contains(table);
            assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();
        } finally {
            second.close();
        }
    }
}
