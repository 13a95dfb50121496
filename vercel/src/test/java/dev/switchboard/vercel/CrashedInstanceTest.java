package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance killed with SIGKILL cannot clean up: the other instance finds it silent for three heartbeats (200 ms
 * here) and sweeps its connections from their rooms and users, announcing the leaves (sweeper.mjs).
 */
class CrashedInstanceTest {
    @Test
    void crashedInstance_isSwept_itsMembersLeaveTheRoom_andItsUsersHaveNoConnection() throws Exception {
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), Blueprint.reference(Environments.resolve("dev",
                Map.of())), 0, DevTokens.DEV_SECRET, Duration.ofSeconds(300), Duration.ofMillis(200), 2, false)) {
            WsClient quinn = WsClient.connect(v.instancePorts().get(0), "quinn", "c1");
            WsClient rosa = WsClient.connect(v.instancePorts().get(1), "rosa", "c1");
            quinn.expect("presence");

            ProcessHandle.of(v.instancePids().get(1)).orElseThrow().destroyForcibly();

            assertThat(rosa.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1006);
            JsonNode left = quinn.expect("presence");
            assertThat(left.path("event").asText()).isEqualTo("leave");
            assertThat(left.path("user").asText()).isEqualTo("rosa");
            quinn.send("{\"action\":\"members\",\"room\":\"c1\"}");
            assertThat(quinn.expect("members").path("members").toString()).isEqualTo("[\"quinn\"]");
            quinn.send("{\"action\":\"whisper\",\"to\":\"rosa\",\"data\":1,\"ack\":true}");
            assertThat(quinn.expect("ack").path("delivered").asInt()).isZero();
            quinn.close();
        }
    }
}
