package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.devkit.ChatPageTestDriver;
import dev.switchboard.devkit.DynaliteProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The chat page served by the gateway, driven in headless Chromium by local/src/test/js/chat.spec.mjs (playwright-core
 * with Debian's chromium): the page and its scripts carry the Content-Security-Policy and X-Frame-Options of
 * {@link dev.switchboard.devkit.ChatPage}; two users join a room, see each other (members in pages of one: protocol v2's bounded
 * {@code joined} and the {@code members} action), chat, whisper, carry {@code data} of exactly
 * {@code maxDataBytes} (compressible and not; browsers offer permessage-deflate), get TOO_LARGE for one byte more while
 * the connection stays open, see their connection closed (a message over 128 KB; DeleteConnection, whose close code
 * and reason the page shows; each a presence leave for the other), and leave; a room message from a user called {@code victim (whisper)} is not marked as a whisper; after each
 * close the page's client (clients/js) reconnects and re-joins by itself. The script fails on any console
 * error, page error, failed request or HTTP error response (the favicon included).
 *
 * <p>Needs {@code /usr/bin/chromium} ({@code apt-get install chromium}): with {@code CI=true} a missing browser fails the
 * test, otherwise it is skipped with that message ({@link ChatPageTestDriver}).
 */
class ChatPageTest {

    @Test
    void chatPage_twoBrowsersJoinChatWhisperCarryMaxDataAndLeave() throws Exception {
        Assumptions.assumeTrue(ChatPageTestDriver.browserPresentOrFailOnCi(), ChatPageTestDriver.MISSING_BROWSER);
        // members come in pages of one, so that two users already need the page's "more members" (protocol v2)
        Blueprint blueprint = Fixture.referenceBlueprint();
        blueprint = blueprint.withLimits(blueprint.limits().toBuilder().membersPageSize(1).build());
        try (Fixture f = new Fixture(blueprint, LocalConfig.defaults())) {
            ChatPageTestDriver.Run run = ChatPageTestDriver.run(DynaliteProcess.projectRoot(),
                    "http://127.0.0.1:" + f.gateway.port() + "/", new ChatPageTestDriver.Jwt(
                            f.gateway.config.jwtSecret(), f.gateway.config.jwtIssuer(), f.gateway.config.jwtAudience()),
                    Map.of("MAX_DATA_BYTES", Integer.toString(blueprint.limits().maxDataBytes()),
                            "MEMBERS_PAGE_SIZE", "1"),
                    List.of(new ChatPageTestDriver.Cue("CLOSE-REQUEST bob", () -> deleteConnectionsOf(f, "bob"))));
            assertThat(run.finished()).as("the browser script finished within %s; output:%n%s",
                    ChatPageTestDriver.TIMEOUT, run.output()).isTrue();
            assertThat(run.exitValue()).as(run.output()).isZero();
            assertThat(run.output()).contains("CHAT OK");
        }
    }

    /** DeleteConnection, through the management API, of every connection of {@code user}. */
    private static void deleteConnectionsOf(Fixture f, String user) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> statuses = new ArrayList<>();
        for (Map<String, AttributeValue> item : f.items()) {
            boolean ofUser = ConnectionSchema.META.equals(item.get(ConnectionSchema.SK).s())
                    && item.values().stream().anyMatch(v -> (ConnectionSchema.USER_PREFIX + user).equals(v.s()));
            if (ofUser) {
                String id = item.get(ConnectionSchema.PK).s().substring(ConnectionSchema.CONN_PREFIX.length());
                URI uri = URI.create(f.gateway.managementUrl() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
                statuses.add(r.statusCode());
            }
        }
        // 204 for the open connection; 410 for one whose $disconnect is still running
        assertThat(statuses).as("DeleteConnection answers for " + user).contains(204).allMatch(c -> c == 204 || c == 410);
    }
}
