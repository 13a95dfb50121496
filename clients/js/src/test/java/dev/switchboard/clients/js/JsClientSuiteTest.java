package dev.switchboard.clients.js;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.local.LocalConfig;
import dev.switchboard.local.LocalGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the JavaScript client's tests ({@code clients/js/test/*.test.mjs}, node's built-in test runner, the {@code ws}
 * package from the root node_modules as the WebSocket on Node 20) against the local AWS API, started here in this JVM
 * from the reference blueprint with a members page of 3 users, so that paging shows with few clients, and a low rate
 * limit ({@link #RATE}); the node side gets it as {@code SWITCHBOARD_TARGETS} (test/servers.mjs). The cloudflare
 * module's {@code JsClientOnWorkerdTest} runs the same files against the Worker in workerd (this module does not depend
 * on cloudflare, so that it builds beside the probe and the Worker).
 */
class JsClientSuiteTest {
    static final String SECRET = "js-client-suite-hs256-secret-at-least-32-bytes";
    static final int PAGE = 3;
    /**
     * A rate limit the client's one-request-at-a-time pace exceeds however slow the machine: 8 frames at once, 2 a
     * second (the reference's 20 and 10 let a loaded machine's 80 ms round trips through unrefused).
     */
    static final int RATE = 2;
    static final int BURST = 8;

    @Test
    void nodeTestsPass_againstTheLocalApi() throws Exception {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        b = b.withLimits(b.limits().toBuilder().membersPageSize(PAGE).messageRatePerSecond(RATE).messageBurst(BURST)
                .build());
        LocalConfig config = LocalConfig.defaults().withPort(0).withJwtSecret(SECRET).withInvocationThreads(16);
        try (LocalGateway local = LocalGateway.start(b, config)) {
            runNodeTests(DynaliteProcess.projectRoot(), List.of(target("local AWS API", local.websocketUrl().toString(),
                    local.managementUrl().toString(), SECRET, config.jwtIssuer(), config.jwtAudience(), b.limits())));
        }
    }

    /** Runs {@code node --test clients/js/test/} against {@code targets} (test/servers.mjs) and fails on a failure. */
    static void runNodeTests(Path root, List<Map<String, Object>> targets) throws Exception {
        Path log = Files.createTempFile("js-client-", ".log");
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", "clients/js/test/")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SWITCHBOARD_TARGETS", new ObjectMapper().writeValueAsString(targets));
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
        assertThat(out).as("the suite ran tests against the servers").containsPattern("ℹ pass [1-9]");
    }

    /** One entry of SWITCHBOARD_TARGETS; {@code management} null where the platform has no @connections API. */
    static Map<String, Object> target(String name, String url, String management, String secret, String issuer,
                                      String audience, Limits limits) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("url", url);
        t.put("management", management);
        t.put("secret", secret);
        t.put("issuer", issuer);
        t.put("audience", audience);
        t.put("membersPageSize", limits.membersPageSize());
        t.put("maxDataBytes", limits.maxDataBytes());
        t.put("burst", limits.messageBurst());
        return t;
    }
}
