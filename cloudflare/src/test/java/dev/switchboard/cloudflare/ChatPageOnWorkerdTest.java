package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.Repo;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local chat page, served by the Worker in workerd as {@code ./switchboard local --platform cloudflare} starts it,
 * driven by the local API's own browser script (local/src/test/js/chat.spec.mjs, playwright-core with Debian's
 * chromium): the page, its scripts and the JavaScript client come with the same security headers as from the local
 * API; two users join a room, see each other, chat, whisper (marked so that no user id can imitate it) and leave. Without {@code /usr/bin/chromium} the test is
 * skipped, or fails with {@code CI=true}, as the local module's ChatPageTest does.
 */
class ChatPageOnWorkerdTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void chatPage_twoBrowsersJoinChatAndLeave_againstWorkerd() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            String msg = CHROMIUM + " is missing: 'apt-get install chromium' (.ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        Repo repo = Repo.locate();
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        try (LocalWorkerd w = LocalWorkerd.start(repo, b, 0, DevTokens.DEV_SECRET, null, 4, false)) {
            Path log = Files.createTempFile("chat-spec", ".log");
            ProcessBuilder pb = new ProcessBuilder("node", repo.root().resolve("local/src/test/js/chat.spec.mjs")
                    .toString()).directory(repo.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CHAT_URL", w.pageUrl());
            pb.environment().put("MAX_DATA_BYTES", Integer.toString(b.limits().maxDataBytes()));
            pb.environment().put("CHAT_GATEWAY_CASES", "off");
            pb.environment().put("SWITCHBOARD_JWT_SECRET", DevTokens.DEV_SECRET);
            pb.environment().put("SWITCHBOARD_JWT_ISSUER", DevTokens.DEFAULT_ISSUER);
            pb.environment().put("SWITCHBOARD_JWT_AUDIENCE", DevTokens.DEFAULT_AUDIENCE);
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            Process node = pb.start();
            node.getOutputStream().close();
            boolean done = node.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                node.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("the browser script finished within 120 s; output:\n" + out).isTrue();
            assertThat(node.exitValue()).as(out).isZero();
            assertThat(out).contains("CHAT OK");
        }
    }
}
