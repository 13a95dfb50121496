package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.ChatPageTestDriver;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.Repo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local chat page, served by the Worker in workerd as {@code ./switchboard local --platform cloudflare} starts it,
 * driven by the local API's own browser script (local/src/test/js/chat.spec.mjs, playwright-core with Debian's
 * chromium): the page, its scripts and the JavaScript client come with the same security headers as from the local
 * API; two users join a room, see each other, chat, whisper (marked so that no user id can imitate it) and leave. Without {@code /usr/bin/chromium} the test is
 * skipped, or fails with {@code CI=true} ({@link ChatPageTestDriver}).
 */
class ChatPageOnWorkerdTest {

    @Test
    void chatPage_twoBrowsersJoinChatAndLeave_againstWorkerd() throws Exception {
        Assumptions.assumeTrue(ChatPageTestDriver.browserPresentOrFailOnCi(), ChatPageTestDriver.MISSING_BROWSER);
        Repo repo = Repo.locate();
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        try (LocalWorkerd w = LocalWorkerd.start(repo, b, 0, DevTokens.DEV_SECRET, null, 4, false)) {
            ChatPageTestDriver.Run run = ChatPageTestDriver.run(repo.root(), w.pageUrl(), ChatPageTestDriver.Jwt.DEV,
                    Map.of("MAX_DATA_BYTES", Integer.toString(b.limits().maxDataBytes()), "CHAT_GATEWAY_CASES", "off"));
            assertThat(run.finished()).as("the browser script finished within %s; output:%n%s",
                    ChatPageTestDriver.TIMEOUT, run.output()).isTrue();
            assertThat(run.exitValue()).as(run.output()).isZero();
            assertThat(run.output()).contains("CHAT OK");
        }
    }
}
