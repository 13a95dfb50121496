package dev.switchboard.local;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.LocalClients;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A running gateway for one test class, plus the helpers the tests share. */
final class Fixture implements AutoCloseable {
    final LocalGateway gateway;
    final DynamoDbClient dynamo;

    Fixture(Blueprint blueprint, LocalConfig config) {
        this.gateway = LocalGateway.start(blueprint, config.withInvocationThreads(32));
        this.dynamo = LocalClients.dynamoDb(gateway.dynamoDbEndpoint());
    }

    static Fixture reference() {
        return new Fixture(referenceBlueprint(), LocalConfig.defaults());
    }

    static Blueprint referenceBlueprint() {
        return Blueprint.reference(Environments.resolve("dev", Map.of()));
    }

    URI uri(String user) {
        return uri(user, null);
    }

    URI uri(String user, String room) {
        String q = "?token=" + DevTokens.mint(user) + (room == null ? "" : "&room=" + URLEncoder.encode(room, StandardCharsets.UTF_8));
        return URI.create(gateway.websocketUrl() + q);
    }

    WsClient connect(String user) {
        return WsClient.connect(uri(user));
    }

    /** Every item of the connection table (a test may scan; handlers never do). */
    List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> all = new java.util.ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(gateway.connectionTable())).items().forEach(all::add);
        return all;
    }

    /** Items whose key names {@code CONN#id}: the connection record and its memberships. */
    long itemsOf(String connectionIdPrefixFree) {
        String key = ConnectionSchema.CONN_PREFIX + connectionIdPrefixFree;
        return items().stream().filter(i -> key.equals(i.get(ConnectionSchema.PK).s())
                || key.equals(i.get(ConnectionSchema.SK).s())).count();
    }

    /** Waits until {@code condition} holds, at most {@code timeout}, polling every 20 ms. */
    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        dynamo.close();
        gateway.close();
    }
}
