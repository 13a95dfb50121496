package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.Watchdog;
import dev.switchboard.jsplatforms.VercelSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed function's entry, {@code vercel/src/api/switchboard.mjs}, loaded by Node as Vercel's Node.js runtime
 * loads it (with the settings the Pulumi program renders: no dev tokens, a 5 s close margin) and driven through one
 * real WebSocket connection against redis-server. The harness {@code vercel/src/test/entry/serve.mjs} stands in for
 * Vercel's runtime: it checks that the module exports an http.Server that is not listening (the shape Vercel gives
 * for {@code ws}: https://vercel.com/docs/functions/websockets), listens on a free port, and raises SIGTERM at the end,
 * as Vercel does before it stops an instance (https://vercel.com/docs/functions/functions-api-reference).
 */
class DeployedEntryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Process redis;
    static Process entry;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        int redisPort = Watchdog.freePort();
        redis = new ProcessBuilder(Watchdog.command(System.getProperty("switchboard.redisServer", "redis-server"),
                List.of("--port", String.valueOf(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                        "--loglevel", "warning"))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Watchdog.awaitListening(redis, redisPort, "redis-server (is it installed?)", Duration.ofSeconds(15));
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        String settings = VercelSettings.render(b, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE, null,
                VercelSettings.DEFAULT_MAX_DURATION, VercelSettings.CLOSE_MARGIN, VercelSettings.HEARTBEAT, false)
                .toString();
        ProcessBuilder pb = new ProcessBuilder(Watchdog.node(), "vercel/src/test/entry/serve.mjs")
                .directory(LocalMain.root().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(Map.of("SWITCHBOARD", settings, "JWT_SECRET", DevTokens.DEV_SECRET,
                "REDIS_URL", "redis://127.0.0.1:" + redisPort));
        entry = pb.start(); // stdin stays a pipe from this JVM: the harness's lifeline
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(entry.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(20, TimeUnit.SECONDS);
        assertThat(line).as("the harness's port line (exit %s)", entry.isAlive() ? "-" : entry.exitValue())
                .isNotNull();
        port = JSON.readTree(line).path("port").asInt();
    }

    @AfterAll
    static void stop() {
        Watchdog.stop(entry);
        Watchdog.stop(redis);
    }

    @Test
    void theEntry_upgradesVerifiesAndAnswersTheProtocol_throughRedis_andClosesWith1001OnSigterm() throws Exception {
        try (WsClient alice = WsClient.connect(port, "alice", "deploy");
             WsClient bob = WsClient.connect(port, "bob", null)) {
            bob.send("{\"action\":\"join\",\"room\":\"deploy\"}");
            JsonNode joined = bob.expect("joined");
            bob.send("{\"action\":\"send\",\"room\":\"deploy\",\"data\":\"hello\",\"ack\":true}");

            assertThat(joined.path("members").toString()).isEqualTo("[\"alice\",\"bob\"]");
            assertThat(alice.expect("message").path("data").asText()).isEqualTo("hello");
            assertThat(bob.expect("ack").path("delivered").asInt()).isEqualTo(1);
            // THEN the deployed settings serve no dev tokens (the local runner's endpoint is absent)
            var http = java.net.http.HttpClient.newHttpClient();
            var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/_switchboard/token?user=mallory")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(404);

            // WHEN Vercel would stop the instance (the harness raises SIGTERM when its stdin closes)
            entry.getOutputStream().close();

            // THEN the entry's SIGTERM hook closes each connection as a stopping instance does
            WsClient.Closed closed = alice.awaitClose(Duration.ofSeconds(5));
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(closed.reason()).isEqualTo("server stopping");
            assertThat(entry.waitFor(5, TimeUnit.SECONDS)).as("the instance ends after SIGTERM").isTrue();
        }
    }
}
