package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DynaliteProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The chat page served by the gateway, driven in headless Chromium by local/src/test/js/chat.spec.mjs (playwright-core
 * with Debian's chromium): two users join a room, see each other, chat, whisper, carry {@code data} of exactly
 * {@code maxDataBytes} (compressible and not; browsers offer permessage-deflate), get TOO_LARGE for one byte more while
 * the connection stays open, see a 1009 close with its code and reason, and leave. The script fails on any console
 * error, page error, failed request or HTTP error response (the favicon included).
 *
 * <p>Needs {@code /usr/bin/chromium} ({@code apt-get install chromium}): with {@code CI=true} a missing browser fails the
 * test, otherwise it is skipped with that message.
 */
class ChatPageTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void chatPage_twoBrowsersJoinChatWhisperCarryMaxDataAndLeave() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            String msg = CHROMIUM + " is missing: install Debian's browser with 'apt-get install chromium'"
                    + " (.ci/run does); playwright-core drives it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        Path root = DynaliteProcess.projectRoot();
        try (Fixture f = Fixture.reference()) {
            int maxDataBytes = Fixture.referenceBlueprint().limits().maxDataBytes();
            Path log = Files.createTempFile("chat-spec", ".log");
            ProcessBuilder pb = new ProcessBuilder("node", root.resolve("local/src/test/js/chat.spec.mjs").toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("CHAT_URL", "http://127.0.0.1:" + f.gateway.port() + "/");
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            pb.environment().put("MAX_DATA_BYTES", Integer.toString(maxDataBytes));
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
