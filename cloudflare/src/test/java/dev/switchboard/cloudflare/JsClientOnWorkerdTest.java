package dev.switchboard.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client's tests ({@code clients/js/test/*.test.mjs}, node's test runner) against the Worker in
 * workerd, started as {@code ./switchboard local --platform cloudflare} starts it, with the limits of the clients/js
 * module's {@code JsClientSuiteTest} (which runs them against the local AWS API): a members page of 3 users and a rate
 * limit of 8 frames at once, 2 a second. The reconnect tests need a management API and are skipped here.
 */
class JsClientOnWorkerdTest {
    static final String SECRET = "js-client-workerd-hs256-secret-at-least-32-bytes";

    @Test
    void nodeTestsPass_againstWorkerd() throws Exception {
        Repo repo = Repo.locate();
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        b = b.withLimits(b.limits().toBuilder().membersPageSize(3).messageRatePerSecond(2).messageBurst(8).build());
        try (LocalWorkerd w = LocalWorkerd.start(repo, b, 0, SECRET, null, 2, false)) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", "Cloudflare Worker in workerd");
            t.put("url", w.websocketUrl());
            t.put("management", null);
            t.put("secret", SECRET);
            t.put("issuer", DevTokens.DEFAULT_ISSUER);
            t.put("audience", DevTokens.DEFAULT_AUDIENCE);
            t.put("membersPageSize", b.limits().membersPageSize());
            t.put("maxDataBytes", b.limits().maxDataBytes());
            t.put("burst", b.limits().messageBurst());
            Path log = Files.createTempFile("js-client-", ".log");
            ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", "clients/js/test/")
                    .directory(repo.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
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
            assertThat(done).as("node --test clients/js/test/ finished within 120 s:%n%s", out).isTrue();
            assertThat(p.exitValue()).as("node --test clients/js/test/:%n%s", out).isZero();
            assertThat(out).as("the suite ran tests against workerd").contains("Cloudflare Worker in workerd")
                    .containsPattern("ℹ pass [1-9]");
        }
    }
}
