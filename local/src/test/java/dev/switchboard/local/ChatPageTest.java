package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.devkit.DynaliteProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
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
        // members come in pages of one, so that two users already need the page's "more members" (protocol v2)
        Blueprint blueprint = Fixture.referenceBlueprint();
        blueprint = blueprint.withLimits(blueprint.limits().toBuilder().membersPageSize(1).build());
        try (Fixture f = new Fixture(blueprint, LocalConfig.defaults())) {
            int maxDataBytes = blueprint.limits().maxDataBytes();
            Path log = Files.createTempFile("chat-spec", ".log");
            ProcessBuilder pb = new ProcessBuilder("node", root.resolve("local/src/test/js/chat.spec.mjs").toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("CHAT_URL", "http://127.0.0.1:" + f.gateway.port() + "/");
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            pb.environment().put("MAX_DATA_BYTES", Integer.toString(maxDataBytes));
            pb.environment().put("MEMBERS_PAGE_SIZE", "1");
            pb.environment().put("SWITCHBOARD_JWT_SECRET", f.gateway.config.jwtSecret());
            pb.environment().put("SWITCHBOARD_JWT_ISSUER", f.gateway.config.jwtIssuer());
            pb.environment().put("SWITCHBOARD_JWT_AUDIENCE", f.gateway.config.jwtAudience());
            Process node = pb.start();
            node.getOutputStream().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean closeRequested = false;
            while (node.isAlive() && System.nanoTime() < deadline) {
                if (!closeRequested && Files.readString(log, StandardCharsets.UTF_8).contains("CLOSE-REQUEST bob")) {
                    closeRequested = true;
                    deleteConnectionsOf(f, "bob");
                }
                node.waitFor(100, TimeUnit.MILLISECONDS);
            }
            boolean done = !node.isAlive();
            if (!done) {
                node.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("the browser script finished within 120 s; output:\n" + out).isTrue();
            assertThat(node.exitValue()).as(out).isZero();
            assertThat(out).contains("CHAT OK");
        }
    }

    /** DeleteConnection, through the management API, of every connection of {@code user}. */
    private static void deleteConnectionsOf(Fixture f, String user) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
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
