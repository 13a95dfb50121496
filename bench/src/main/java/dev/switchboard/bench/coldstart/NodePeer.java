package dev.switchboard.bench.coldstart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The Node side of the side-by-side cold start: {@code bench/peers/onconnect} (the {@code $connect} handler of AWS's
 * sample chat app, written from its description, on {@code @aws-sdk/client-dynamodb}), its connections table (the
 * sample's: partition key {@code connectionId}) in the same dynalite as the Java side's, and the command that starts
 * it cold ({@code node cold.js <event file> <connection id>}). Installs its {@code node_modules} with {@code npm ci}
 * from its own lock file on first use (bench/smoke.sh does; never {@code mvn verify}).
 */
final class NodePeer {
    /** The sample's connections table. */
    static final String TABLE = "sample_connections";

    private final Path dir;
    private final Path event;
    private final Map<String, String> env;

    private NodePeer(Path dir, Path event, Map<String, String> env) {
        this.dir = dir;
        this.event = event;
        this.env = env;
    }

    static NodePeer prepare(ColdStartSetup setup) throws Exception {
        Path dir = setup.root.resolve("bench/peers/onconnect");
        install(dir);
        setup.dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("connectionId")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("connectionId").keyType(KeyType.HASH).build()));
        waitActive(setup.dynamo);
        Path event = setup.dir.resolve("connect-event.json");
        Files.writeString(event, FirstConnect.event("HEMM0fIjIAMCFvA=", ""), StandardCharsets.UTF_8);
        return new NodePeer(dir, event, Map.of("TABLE_NAME", TABLE,
                "DYNAMODB_ENDPOINT", setup.dynalite.endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
    }

    List<String> command(String connectionId) {
        return List.of("node", dir.resolve("cold.js").toString(), event.toString(), connectionId);
    }

    Map<String, String> env() {
        return env;
    }

    private static void install(Path dir) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules/@aws-sdk/client-dynamodb"))) {
            return;
        }
        Path log = Files.createTempFile("onconnect-npm-ci", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        npm.getOutputStream().close();   // never hand node this JVM's stdin (surefire's command pipe)
        if (npm.waitFor() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed:\n" + Files.readString(log));
        }
    }

    private static void waitActive(DynamoDbClient dynamo) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if ("ACTIVE".equals(dynamo.describeTable(b -> b.tableName(TABLE)).table().tableStatusAsString())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(TABLE + " did not become ACTIVE in 30 s");
    }
}
