package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.devkit.ChatPageTestDriver;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import java.util.Map;
import java.util.logging.Logger;
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
 * fails with {@code CI=true} ({@link ChatPageTestDriver}).
 */
class ChatPageOnAzureTest {

    @Test
    void chatPage_twoBrowsersJoinChatAndLeave_onTheAzureRunner() throws Exception {
        Assumptions.assumeTrue(ChatPageTestDriver.browserPresentOrFailOnCi(), ChatPageTestDriver.MISSING_BROWSER);
        try (LocalAzure azure = LocalAzure.start(0, AzureSettings.DEFAULT_HUB, DevTokens.DEV_SECRET,
                DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE, Map.of(EnvVars.MEMBERS_PAGE_SIZE, "1"),
                Logger.getLogger("chat-page-on-azure"))) {
            ChatPageTestDriver.Run run = ChatPageTestDriver.run(DynaliteProcess.projectRoot(), azure.pageUrl(),
                    ChatPageTestDriver.Jwt.DEV,
                    Map.of("MAX_DATA_BYTES", Integer.toString(Limits.defaults().maxDataBytes()), "MEMBERS_PAGE_SIZE", "1",
                            "CHAT_GATEWAY_CASES", "off"));
            assertThat(run.finished()).as("the browser script finished within %s; output:%n%s",
                    ChatPageTestDriver.TIMEOUT, run.output()).isTrue();
            assertThat(run.exitValue()).as(run.output()).isZero();
            assertThat(run.output()).contains("CHAT OK");
        }
    }
}
