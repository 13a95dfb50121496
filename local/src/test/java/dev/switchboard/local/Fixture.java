package dev.switchboard.local;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.TableAccess;
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

    /**
     * {@code b} plus two-way test routes served by {@link RecordingHandler}: {@code digest} (answers the body's length
     * and SHA-256) and {@code echo} (answers {@code echo:<body>}).
     */
    static Blueprint withTestRoutes(Blueprint b) {
        Blueprint t = b.withCustomRoute(new CustomRoute("digest", RecordingHandler.class.getName(), true, TableAccess.NONE, false))
                .withCustomRoute(new CustomRoute("echo", RecordingHandler.class.getName(), true, TableAccess.NONE, false));
        return t.withFunctions(t.functions().stream()
                .map(fn -> fn.name().equals("digest") ? fn.withEnvironment(Map.of("MODE", "digest")) : fn).toList());
    }

    /**
     * A message of exactly {@code bytes} UTF-8 bytes for {@code action}: {@code {"action":A,"pad":"..."}}, padded with
     * one repeated letter ({@code random} false: compresses to almost nothing) or seeded random base64url letters
     * (compresses to about 3/4).
     */
    static String message(String action, int bytes, boolean random) {
        String prefix = "{\"action\":\"" + action + "\",\"pad\":\"";
        int n = bytes - prefix.length() - 2;
        StringBuilder sb = new StringBuilder(bytes).append(prefix);
        java.util.Random r = new java.util.Random(bytes);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < n; i++) {
            sb.append(random ? alphabet.charAt(r.nextInt(64)) : 'a');
        }
        return sb.append("\"}").toString();
    }

    /** What the {@code digest} route answers for {@code message}. */
    static String digestOf(String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        return "{\"length\":" + b.length + ",\"sha256\":\"" + RecordingHandler.sha256(b) + "\"}";
    }

    /** {@code s} cut into pieces of at most {@code size} characters. */
    static List<String> chunks(String s, int size) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.length(); i += size) {
            out.add(s.substring(i, Math.min(s.length(), i + size)));
        }
        return out;
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

    /** The id of {@code user}'s open connection (waiting for it to open), from the authorizer's context. */
    String connectionIdOf(String user) {
        String[] id = new String[1];
        await(java.time.Duration.ofSeconds(10), () -> {
            for (Connection c : gateway.connections.values()) {
                if (c.state() == Connection.State.OPEN && c.session() != null && c.authorizer() != null
                        && user.equals(c.authorizer().path("userId").asText())) {
                    id[0] = c.id;
                    return true;
                }
            }
            return false;
        }, user + "'s connection");
        return id[0];
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
