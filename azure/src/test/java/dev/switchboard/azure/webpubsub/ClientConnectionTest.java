package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientConnectionTest {
    @Test
    void firstAck_answersDuplicateForARecentId_andForgetsTheOldestBeyondTheWindow() {
        ClientConnection c = new ClientConnection("id", HubSettings.withoutHandler("chat"), "u", Set.of(), null, null);
        assertThat(c.firstAck(1)).isTrue();
        assertThat(c.firstAck(1)).isFalse();
        for (long id = 2; id <= ClientConnection.ACK_IDS_KEPT; id++) {
            assertThat(c.firstAck(id)).isTrue();
        }
        assertThat(c.firstAck(1)).as("still within the window").isFalse();
        assertThat(c.firstAck(ClientConnection.ACK_IDS_KEPT + 1)).isTrue();
        assertThat(c.firstAck(1)).as("evicted as the oldest").isTrue();
        assertThat(c.firstAck(ClientConnection.ACK_IDS_KEPT)).isFalse();
    }
}
