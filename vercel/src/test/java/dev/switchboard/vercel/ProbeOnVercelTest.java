package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevSecret;
import dev.switchboard.probe.ProbeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code switchboard probe} (docs/probe.md) against the Vercel function as {@code ./switchboard local --platform
 * vercel} runs it: two instances behind one port (the front pins connections round-robin, so a probe case's clients
 * land on different instances) and redis-server. Every case passes except the API Gateway-only ones below, each with
 * its reason; the test fails if one of them passes (then it is not gateway-only) or if any other case does not pass.
 */
class ProbeOnVercelTest {
    /** The longest a probe run may take. */
    private static final Duration PROBE_MAX = Duration.ofSeconds(180);
    /** Cases that test API Gateway rather than the protocol, and why they cannot apply to the Vercel function. */
    static final Map<String, String> GATEWAY_ONLY = new LinkedHashMap<>();

    static {
        String frame = "API Gateway's 32 KB frame limit: the function reads WebSocket messages of up to 1 MiB"
                + " (server.mjs MAX_PAYLOAD_BYTES); the protocol's own limit is maxDataBytes"
                + " (send_dataOneByteOver_isTooLarge)";
        String message = "API Gateway's 128 KB message limit: the function reads messages of up to 1 MiB";
        String management = "the @connections management API is API Gateway's; a Vercel function has none (each"
                + " connection is held by the instance it is pinned to)";
        GATEWAY_ONLY.put("frame_oneByteOver_closes1009_deflateNotOffered", frame);
        GATEWAY_ONLY.put("frame_oneByteOver_closes1009_deflateOffered", frame);
        GATEWAY_ONLY.put("message_oneByteOver_closes1009_deflateNotOffered", message);
        GATEWAY_ONLY.put("message_oneByteOver_closes1009_deflateOffered", message);
        for (String c : List.of("management_unknownId_isGone410", "management_malformedId_isBadRequest400",
                "management_post_reachesTheConnection", "management_largestPost_isDelivered_oneByteOverIs413",
                "management_get_describesTheConnection", "management_delete_closesTheConnection",
                "client_afterDeleteConnection_reconnectsRejoinsAndDelivers")) {
            GATEWAY_ONLY.put(c, management);
        }
        GATEWAY_ONLY.put("crossRegion_sendInA_reachesMemberInB", "one deployment: the local run has no regional"
                + " stacks to cross (instances are crossed by every case instead)");
    }

    @org.junit.jupiter.api.io.TempDir
    static Path probeRoot;

    @Test
    void probe_passesEveryProtocolCase_againstTwoInstancesAndRedis() throws Exception {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        // the probe mints tokens with the dev secret under its project root (as against ./switchboard local): a
        // temporary root here, whose secret the function checks tokens with
        String secret = DevSecret.loadOrCreate(probeRoot.resolve(DevSecret.DEFAULT_DIR));
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), b, 0, secret, Duration.ofSeconds(300), 2, false)) {
            Map<String, JsonNode> cases = ProbeProcess.run(probeRoot, v.websocketUrl(), null, PROBE_MAX);

            List<String> notPassed = new ArrayList<>();
            cases.forEach((name, c) -> {
                boolean passed = "passed".equals(c.path("status").asText());
                if (GATEWAY_ONLY.containsKey(name)) {
                    assertThat(passed).as("%s passed against the function: it is not gateway-only", name).isFalse();
                } else if (!passed) {
                    notPassed.add(name + ": " + c.path("status").asText() + " " + c.path("detail").asText());
                }
            });
            assertThat(notPassed).as("protocol cases that did not pass").isEmpty();
            assertThat(cases.keySet()).containsAll(GATEWAY_ONLY.keySet());
            assertThat(cases.size() - GATEWAY_ONLY.size()).as("protocol cases run").isGreaterThanOrEqualTo(25);
            GATEWAY_ONLY.forEach((name, why) -> System.out.println("skip  " + name + "  (" + why + ")"));
        }
    }

}
