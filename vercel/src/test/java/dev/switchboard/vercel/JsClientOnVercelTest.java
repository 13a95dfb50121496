package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client against the Vercel function, two instances and redis-server: its own tests
 * ({@code clients/js/test/*.test.mjs}, with the limits of the clients/js module's {@code JsClientSuiteTest}: a
 * members page of 3 users, 8 frames at once and 2 a second; the reconnect tests need a management API and are skipped
 * here), then {@code vercel/src/test/node/resume.test.mjs} against a 3-second maximum duration: the client reconnects
 * and re-joins after the server's close.
 */
class JsClientOnVercelTest {
    static final String SECRET = "js-client-vercel-hs256-secret-at-least-32-bytes";

    @Test
    void clientTestsPass_againstTwoInstancesAndRedis() throws Exception {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        b = b.withLimits(b.limits().toBuilder().membersPageSize(3).messageRatePerSecond(2).messageBurst(8).build());
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), b, 0, SECRET, Duration.ofSeconds(300), 2, false)) {
            String out = nodeTest(b, v, "clients/js/test/");
            assertThat(out).as("the suite ran tests against the function").contains("Vercel function")
                    .containsPattern("ℹ pass [1-9]");
        }
    }

    @Test
    void clientResumes_afterTheServersCloseAtTheMaximumDuration() throws Exception {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), b, 0, SECRET, Duration.ofSeconds(3), 2, false)) {
            String out = nodeTest(b, v, "vercel/src/test/node/");
            assertThat(out).containsPattern("ℹ pass 1\\b").containsPattern("ℹ fail 0\\b");
        }
    }

    /** Runs {@code node --test DIR} against {@code v}; its output, after asserting it passed. */
    private static String nodeTest(Blueprint b, LocalVercel v, String dir) throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", "Vercel function (2 instances, redis-server)");
        t.put("url", v.websocketUrl());
        t.put("management", null);
        t.put("secret", SECRET);
        t.put("issuer", DevTokens.DEFAULT_ISSUER);
        t.put("audience", DevTokens.DEFAULT_AUDIENCE);
        t.put("membersPageSize", b.limits().membersPageSize());
        t.put("maxDataBytes", b.limits().maxDataBytes());
        t.put("burst", b.limits().messageBurst());
        Path log = Files.createTempFile("js-client-", ".log");
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("switchboard.node", "node"), "--test",
                "--test-reporter=spec", dir).directory(LocalMain.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SWITCHBOARD_TARGETS", new ObjectMapper().writeValueAsString(List.of(t)));
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        Files.deleteIfExists(log);
        assertThat(done).as("node --test %s finished within 120 s:%n%s", dir, out).isTrue();
        assertThat(p.exitValue()).as("node --test %s:%n%s", dir, out).isZero();
        return out;
    }
}
