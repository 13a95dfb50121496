package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection is gone the moment its client closes: GetConnection answers 410 at once, and {@code $disconnect} runs
 * after ("As the connection is already closed when it is executed, $disconnect is a best-effort event",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html).
 * Here {@code $disconnect} takes 300 ms each (the reference handler behind a delay), so 300 closes take seconds to
 * drain through the invocation pool; GetConnection must not wait for that: the first round of GetConnection calls
 * after the last client saw its close answers 410 for all 300 while most {@code $disconnect}s have not run. The
 * round's duration is printed, not asserted (it is mostly the HTTP clients' time and the machine's load).
 */
class LifecycleTest {
    private static final int CLIENTS = 300;
    private static Fixture f;

    @BeforeAll
    static void start() {
        Blueprint ref = Fixture.referenceBlueprint();
        List<FunctionSpec> fns = new ArrayList<>();
        for (FunctionSpec fn : ref.functions()) {
            fns.add(fn.name().equals("disconnect") ? new FunctionSpec(fn.name(), RecordingHandler.class.getName(),
                    fn.memoryMb(), fn.timeoutSeconds(), fn.architecture(), fn.tableAccess(), fn.managementApi(),
                    fn.jwtSecret(), Map.of("DELEGATE", fn.handler(), "DELAY_MS", "300")) : fn);
        }
        f = new Fixture(ref.withFunctions(fns), LocalConfig.defaults());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static long disconnectsOf(Set<String> ids) {
        return RecordingHandler.EVENTS.stream().filter(e -> "$disconnect".equals(e.path("requestContext").path("routeKey").asText())
                && ids.contains(e.path("requestContext").path("connectionId").asText())).count();
    }

    @Test
    void closes_areGoneFromGetConnectionWithin1s_beforeTheirDisconnectHasRun() {
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i += 50) {
            List<CompletableFuture<WsClient>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(CLIENTS, i + 50); j++) {
                batch.add(WsClient.connectAsync(f.uri("life" + j)));
            }
            batch.forEach(b -> clients.add(b.join()));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < CLIENTS; i++) {
            ids.add(f.connectionIdOf("life" + i));
        }
        assertThat(ids).hasSize(CLIENTS);
        assertThat(statuses(ids)).containsOnly(200);

        clients.forEach(WsClient::sendCloseOnly);
        clients.forEach(WsClient::awaitClose);
        // the first GetConnection round after the last client saw its close already answers 410 for all of them
        long closedAt = System.nanoTime();
        Map<String, Integer> after = statusById(ids);
        Duration took = Duration.ofNanos(System.nanoTime() - closedAt);
        long disconnectsByThen = disconnectsOf(ids);
        System.out.println("GetConnection for " + CLIENTS + " closed connections answered in " + took.toMillis()
                + " ms (one concurrent round; includes the HTTP clients' own time), $disconnects run by then: "
                + disconnectsByThen);
        assertThat(after.entrySet()).as("connections still answering GetConnection 200 after their client closed")
                .allMatch(e -> e.getValue() == 410);
        assertThat(disconnectsByThen).as("$disconnect runs after the connection is gone, not before").isLessThan(CLIENTS);
        Fixture.await(Duration.ofSeconds(30), () -> disconnectsOf(ids) == CLIENTS, "every $disconnect");
    }

    private static List<Integer> statuses(Set<String> ids) {
        return new ArrayList<>(statusById(ids).values());
    }

    /** GetConnection for every id at once (raw HTTP, concurrently), by id. */
    private static Map<String, Integer> statusById(Set<String> ids) {
        Map<String, CompletableFuture<HttpResponse<Void>>> calls = new java.util.HashMap<>();
        for (String id : ids) {
            calls.put(id, WsClient.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(f.gateway.managementUrl() + "/" + id))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()));
        }
        Map<String, Integer> out = new java.util.HashMap<>();
        calls.forEach((id, call) -> out.put(id, call.join().statusCode()));
        return out;
    }
}
