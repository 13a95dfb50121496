package dev.switchboard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.OperationCounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The load comparison's peer (bench/peers/handler.js on serverless-offline) keeps the per-user connection cap of
 * docs/protocol.md ("Per-user limits") with the slots of docs/data-model.md, so that its handshakes do the table work
 * of the local API's: one user's connection past {@code maxConnectionsPerUser} is refused with 429 and stores nothing,
 * and a closed connection gives its slot back.
 */
class PeerConnectionCapSmokeTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final DevTokens tokens = DevTokens.defaults();

    @Test
    void connect_pastTheCap_answers429_andADisconnectGivesTheSlotBack() throws Exception {
        int cap = Blueprint.reference(Environments.resolve("dev", Map.of())).limits().maxConnectionsPerUser();
        try (PeerServer peer = PeerServer.start(DynaliteProcess.projectRoot())) {
            // GIVEN alice holds her cap of connections
            List<WebSocket> alice = new ArrayList<>();
            for (int i = 0; i < cap; i++) {
                alice.add(connect(peer, "alice"));
            }
            // WHEN she opens one more
            Map<String, Long> before = OperationCounts.read(peer.dynamoEndpoint());
            Throwable refused = null;
            try {
                connect(peer, "alice").abort();
            } catch (CompletionException e) {
                refused = e.getCause();
            }
            // THEN it is refused with 429 after reading her slots, with nothing written
            assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) refused).getResponse().statusCode()).isEqualTo(429);
            assertThat(OperationCounts.delta(before, OperationCounts.read(peer.dynamoEndpoint())))
                    .containsEntry("Query", 1L).doesNotContainKey("PutItem");
            // AND another user still connects
            connect(peer, "bob").abort();
            // AND once one of hers closes (its $disconnect gives the slot back) she connects again
            alice.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            WebSocket again = null;
            for (long end = System.nanoTime() + 10_000_000_000L; again == null && System.nanoTime() < end; ) {
                try {
                    again = connect(peer, "alice");
                } catch (CompletionException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(again).as("alice's connection after closing one of her %d", cap).isNotNull();
        }
    }

    private WebSocket connect(PeerServer peer, String user) {
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(peer.url() + "?token=" + tokens.token(user)), new WebSocket.Listener() { })
                .join();
    }
}
