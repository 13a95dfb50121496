package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The local chat page on {@code ./switchboard local --platform azure}: the stack as the runner starts it
 * ({@link LocalAzure}: the Web PubSub emulation with the page mounted on its port, the deployed function behind a
 * local Functions host, Azurite), driven by the local API's own browser script (local/src/test/js/chat.spec.mjs,
 * playwright-core with Debian's chromium): the page, its scripts and the JavaScript client come with the same security
 * headers as from the local API; two users join a room, see each other (members in pages of one), chat, whisper,
 * carry data of exactly {@code maxDataBytes} and get {@code TOO_LARGE} beyond it, and leave. The spec's API Gateway
 * cases are off ({@code CHAT_GATEWAY_CASES=off}), as for the Worker: a 140 KB message does not close a Web PubSub
 * connection ("The maximum allowed message size for one WebSocket frame is 1MB",
 * https://learn.microsoft.com/azure/azure-web-pubsub/concept-service-internals, "Client message limit"; with the
 * cases on, the page shows {@code TOO_LARGE} and stays connected, where the spec waits for {@code CONNECTION_LOST}),
 * and there is no {@code @connections} API. Without {@code /usr/bin/chromium} the test is skipped, or
 * fails with {@code CI=true}, as the local module's ChatPageTest does.
 */
class ChatPageOnAzureTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void chatPage_twoBrowsersJoinChatAndLeave_onTheAzureRunner() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            String msg = CHROMIUM + " is missing: 'apt-get install chromium' (.ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        Path root = DynaliteProcess.projectRoot();
        int maxDataBytes = Limits.defaults().maxDataBytes();
        try (LocalAzure azure = LocalAzure.start(0, AzureSettings.DEFAULT_HUB, DevTokens.DEV_SECRET,
                DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE, Map.of(EnvVars.MEMBERS_PAGE_SIZE, "1"),
                Logger.getLogger("chat-page-on-azure"))) {
            Path log = Files.createTempFile("chat-spec", ".log");
            ProcessBuilder pb = new ProcessBuilder(System.getProperty("switchboard.node", "node"),
                    root.resolve("local/src/test/js/chat.spec.mjs").toString())
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CHAT_URL", azure.pageUrl());
            pb.environment().put("MAX_DATA_BYTES", Integer.toString(maxDataBytes));
            pb.environment().put("MEMBERS_PAGE_SIZE", "1");
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
