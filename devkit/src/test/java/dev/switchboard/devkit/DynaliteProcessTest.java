package dev.switchboard.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynaliteProcessTest {

    @Test
    void start_withPortZero_answersListTablesOnAFreePort() {
        // GIVEN / WHEN dynalite started on any free port
        try (DynaliteProcess d = DynaliteProcess.start(); DynamoDbClient c = LocalClients.dynamoDb(d.endpoint())) {
            // THEN it answers on the port it reports
            assertThat(d.port()).isPositive();
            assertThat(d.endpoint().toString()).isEqualTo("http://127.0.0.1:" + d.port());
            assertThat(c.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void operationCounts_countEachRequestByItsTarget() throws IOException {
        // GIVEN a fresh dynalite with one table (CreateTable and the readiness ListTables already counted)
        try (DynaliteProcess d = DynaliteProcess.start(); DynamoDbClient c = LocalClients.dynamoDb(d.endpoint())) {
            c.createTable(TableBootstrap.request("counted", dev.switchboard.blueprint.ConnectionSchema.table()));
            java.util.Map<String, Long> before = OperationCounts.read(d.endpoint());
            // WHEN two PutItems and a GetItem are served
            for (String pk : java.util.List.of("a", "b")) {
                c.putItem(r -> r.tableName("counted").item(java.util.Map.of(
                        "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk),
                        "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("META"))));
            }
            c.getItem(r -> r.tableName("counted").key(java.util.Map.of(
                    "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a"),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("META"))));
            // THEN the counts grew by exactly those, and reading them is not itself counted
            java.util.Map<String, Long> after = OperationCounts.read(d.endpoint());
            assertThat(before).containsEntry("CreateTable", 1L);
            assertThat(OperationCounts.delta(before, after)).containsExactlyEntriesOf(
                    new java.util.TreeMap<>(java.util.Map.of("GetItem", 1L, "PutItem", 2L)));
            assertThat(OperationCounts.delta(after, OperationCounts.read(d.endpoint()))).isEmpty();
        }
    }

    @Test
    void close_stopsTheChild_andFreesThePort() {
        // GIVEN a running dynalite
        DynaliteProcess d = DynaliteProcess.start();
        int port = d.port();
        // WHEN it is closed
        d.close();
        // THEN the process is gone and nothing listens on its port
        assertThat(d.isAlive()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
        d.close();
    }

    @Test
    void start_withDataDir_keepsTablesAcrossRestarts(@TempDir Path dir) {
        // GIVEN a table created in a dynalite that stores its data in dir
        try (DynaliteProcess d = DynaliteProcess.start(DynaliteProcess.projectRoot(), 0, dir.resolve("db"));
             DynamoDbClient c = LocalClients.dynamoDb(d.endpoint())) {
            c.createTable(TableBootstrap.request("kept", dev.switchboard.blueprint.ConnectionSchema.table()));
        }
        // WHEN another dynalite starts on the same directory
        try (DynaliteProcess d = DynaliteProcess.start(DynaliteProcess.projectRoot(), 0, dir.resolve("db"));
             DynamoDbClient c = LocalClients.dynamoDb(d.endpoint())) {
            // THEN the table is still there
            assertThat(c.listTables().tableNames()).containsExactly("kept");
        }
    }

    @Test
    void start_onAPortInUse_failsWithDynalitesOwnError() {
        // GIVEN a dynalite on some port
        try (DynaliteProcess first = DynaliteProcess.start()) {
            // WHEN / THEN a second one on that port fails fast and says why
            assertThatThrownBy(() -> DynaliteProcess.start(DynaliteProcess.projectRoot(), first.port(), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("EADDRINUSE");
        }
    }

    @Test
    void start_withoutNodeModules_failsWithTheFix(@TempDir Path emptyRoot) throws IOException {
        // GIVEN a root without node_modules/dynalite
        Files.writeString(emptyRoot.resolve("package.json"), "{}");
        // WHEN / THEN start fails and names the fix
        assertThatThrownBy(() -> DynaliteProcess.start(emptyRoot, 0, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run npm ci at the repository root");
    }

    @Test
    void projectRoot_isTheDirectoryWithPackageJsonAndPom() {
        Path root = DynaliteProcess.projectRoot();
        assertThat(root.resolve("package.json")).isRegularFile();
        assertThat(root.resolve("pom.xml")).isRegularFile();
        assertThat(root.resolve("node_modules/dynalite/index.js")).isRegularFile();
    }
}
