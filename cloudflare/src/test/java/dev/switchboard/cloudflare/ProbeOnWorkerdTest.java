package dev.switchboard.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevSecret;
import dev.switchboard.jsplatforms.Repo;
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
 * {@code switchboard probe} (the conformance suite of docs/probe.md) against the Worker in workerd, started as
 * {@code ./switchboard local --platform cloudflare} starts it. Every case passes except the gateway-only ones below,
 * which cannot apply to a Worker; each is listed with its reason, and the test fails if one of them passes (then it
 * is no longer gateway-only and belongs to the suite) or if any other case does not pass.
 *
 * <p>{@code rateLimit_dropsFramesOverTheBurst} allows 50 ms of arrival jitter; on a loaded machine a Durable Object
 * may start a frame's handler later than that after it was sent (the Worker judges a frame at the time its handler
 * runs, the nearest to arrival a Durable Object can see), so a failure of that case is re-run by itself, up to three
 * times; it passes alone on an ordinary machine, and failed twice in a row here only at a load average of 37.
 */
class ProbeOnWorkerdTest {
    /** The longest a probe run may take. */
    private static final Duration PROBE_MAX = Duration.ofSeconds(180);
    static final String RATE_CASE = "rateLimit_dropsFramesOverTheBurst";
    /** Cases that test API Gateway rather than the protocol, and why they cannot apply to the Worker. */
    static final Map<String, String> GATEWAY_ONLY = new LinkedHashMap<>();

    static {
        String frame = "API Gateway's 32 KB frame limit: a Durable Object receives whole messages of up to 32 MiB"
                + " (https://developers.cloudflare.com/durable-objects/platform/limits/); the protocol's own limit is"
                + " maxDataBytes (send_dataOneByteOver_isTooLarge)";
        String message = "API Gateway's 128 KB message limit: a Durable Object receives messages of up to 32 MiB"
                + " (https://developers.cloudflare.com/durable-objects/platform/limits/)";
        String management = "the @connections management API is API Gateway's; a Worker has none (connections are"
                + " held by Durable Objects, reached through their own bindings)";
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
        GATEWAY_ONLY.put("crossRegion_sendInA_reachesMemberInB", "one global endpoint: Cloudflare has no regional"
                + " stacks to cross");
    }

    @org.junit.jupiter.api.io.TempDir
    static Path probeRoot;

    @Test
    void probe_passesEveryProtocolCase_againstTheWorkerInWorkerd() throws Exception {
        Repo repo = Repo.locate();
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        // the probe mints tokens with the dev secret under its project root (as against ./switchboard local): a
        // temporary root here, whose secret the Worker checks tokens with
        String secret = DevSecret.loadOrCreate(probeRoot.resolve(DevSecret.DEFAULT_DIR));
        try (LocalWorkerd w = LocalWorkerd.start(repo, b, 0, secret, null, 4, false)) {
            // WHEN the probe runs against the Worker (a loopback URL: it mints dev tokens itself)
            Map<String, JsonNode> cases = ProbeProcess.run(probeRoot, w.websocketUrl(), null, PROBE_MAX);
            for (int retry = 0; retry < 3 && failed(cases.get(RATE_CASE)); retry++) {
                System.out.println("re-running " + RATE_CASE + " alone: " + cases.get(RATE_CASE));
                cases.putAll(ProbeProcess.run(probeRoot, w.websocketUrl(), RATE_CASE, PROBE_MAX));
            }

            // THEN every protocol case passes, and no gateway-only case does
            List<String> notPassed = new ArrayList<>();
            cases.forEach((name, c) -> {
                boolean passed = "passed".equals(c.path("status").asText());
                if (GATEWAY_ONLY.containsKey(name)) {
                    assertThat(passed).as("%s passed against the Worker: it is not gateway-only", name).isFalse();
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

    private static boolean failed(JsonNode c) {
        return c != null && "failed".equals(c.path("status").asText());
    }

}
