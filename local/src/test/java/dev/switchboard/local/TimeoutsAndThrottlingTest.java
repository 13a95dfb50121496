package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle timeout and maximum duration (both 1001 "Going away", with {@code $disconnect}), stage throttling, the TTL
 * sweeper, and {@code $disconnect} on server shutdown. Short timeouts (idle 1 s, duration 4 s) and a small stage
 * bucket (5/s, burst 10) are configured through the blueprint's limits, as a user would.
 */
class TimeoutsAndThrottlingTest {
    private static Fixture f;

    @BeforeAll
    static void start() {
        Blueprint ref = Fixture.referenceBlueprint();
        Blueprint b = ref.withLimits(ref.limits().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .withStageThrottling(5, 10));
        f = new Fixture(b, LocalConfig.defaults());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void idleConnection_closes1001GoingAway_andDisconnectRemovesItsRecords() {
        WsClient c = f.connect("idle");
        WsClient.Closed closed = c.awaitClose();
        assertThat(closed).isEqualTo(new WsClient.Closed(1001, "Going away"));
        Fixture.await(Duration.ofSeconds(10), () -> f.items().stream()
                .noneMatch(i -> i.containsKey("userId") && "idle".equals(i.get("userId").s())), "idle's records to go");
    }

    @Test
    void activeConnection_closesAtMaxDuration() {
        WsClient c = f.connect("busy");
        long start = System.nanoTime();
        // a message every 400 ms keeps it from going idle (1 s) until the 4 s maximum
        while (!c.closed.isDone() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
            try {
                c.send("{\"action\":\"ping\"}");
                c.closed.get(400, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still open: next ping
            } catch (Exception e) {
                break;
            }
        }
        assertThat(c.awaitClose()).isEqualTo(new WsClient.Closed(1001, "Going away"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
        assertThat(c.frames).anyMatch(f -> f.startsWith("{\"type\":\"pong\""));
    }

    @Test
    void floodPastStageLimit_answersTooManyRequests_andKeepsTheConnection() {
        try (WsClient c = f.connect("flood")) {
            for (int i = 0; i < 30; i++) {
                c.send("{\"action\":\"ping\"}");
            }
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(c.next());
            }
            long pongs = answers.stream().filter(f -> f.startsWith("{\"type\":\"pong\"")).count();
            List<String> throttled = answers.stream().filter(s -> !s.startsWith("{\"type\":\"pong\"")).toList();
            // the burst of 10 passes, then 5/s: how many more pass depends on how fast the 30 are handled
            assertThat(pongs).isGreaterThanOrEqualTo(10L).isLessThan(30L);
            assertThat(throttled).isNotEmpty().allMatch(s -> s.matches(
                    "\\{\"message\": \"Too Many Requests\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\", \"requestId\":\"[A-Za-z0-9_-]{15}=\"}"));
            // the bucket refills at 5/s: the connection is served again
            Fixture.await(Duration.ofSeconds(5), () -> c.ask("{\"action\":\"ping\"}").startsWith("{\"type\":\"pong\""), "a pong");
        }
    }

    @Test
    void ttlSweeper_deletesExpiredItemsOnly() {
        String table = f.gateway.connectionTable();
        long now = System.currentTimeMillis() / 1000;
        f.dynamo.putItem(b -> b.tableName(table).item(java.util.Map.of(
                "pk", av("CONN#expired"), "sk", av("META"), "ttl", avn(now - 10))));
        f.dynamo.putItem(b -> b.tableName(table).item(java.util.Map.of(
                "pk", av("CONN#fresh"), "sk", av("META"), "ttl", avn(now + 3600))));
        assertThat(f.gateway.sweepTtlNow()).isGreaterThanOrEqualTo(1);
        assertThat(f.items()).noneMatch(i -> "CONN#expired".equals(i.get("pk").s()))
                .anyMatch(i -> "CONN#fresh".equals(i.get("pk").s()));
        f.dynamo.deleteItem(b -> b.tableName(table).key(java.util.Map.of("pk", av("CONN#fresh"), "sk", av("META"))));
    }

    @Test
    void serverShutdown_runsDisconnectForEveryOpenConnection() {
        // a second gateway on the same dynalite
        LocalGateway second = LocalGateway.start(Fixture.referenceBlueprint(),
                LocalConfig.defaults().withDynamoDbEndpoint(f.gateway.dynamoDbEndpoint().toString()));
        WsClient a = WsClient.connect(java.net.URI.create(second.websocketUrl() + "?token="
                + dev.switchboard.devkit.DevTokens.mint("shut1")));
        WsClient b = WsClient.connect(java.net.URI.create(second.websocketUrl() + "?token="
                + dev.switchboard.devkit.DevTokens.mint("shut2") + "&room=closing"));
        assertThat(a.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\"");
        assertThat(f.items()).anyMatch(i -> i.containsKey("userId") && "shut2".equals(i.get("userId").s()));
        second.close();
        assertThat(a.awaitClose().code()).isEqualTo(1001);
        assertThat(b.awaitClose().code()).isEqualTo(1001);
        assertThat(f.items()).noneMatch(i -> i.containsKey("userId")
                && List.of("shut1", "shut2").contains(i.get("userId").s()));
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue av(String s) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue avn(long n) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(n));
    }
}
