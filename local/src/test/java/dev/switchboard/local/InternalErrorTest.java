package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol's INTERNAL error: when the table store fails under a handler (here: the connection table is deleted
 * while a client is connected), the client gets {@code {"type":"error","code":"INTERNAL",...}} with the request id, and
 * the connection stays open. Its own gateway, since the table is gone afterwards.
 */
class InternalErrorTest {
    private static Fixture f;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void send_whenTableIsGone_answersInternal_andConnectionStaysOpen() throws Exception {
        try (WsClient c = f.connect("vic")) {
            c.ask("{\"action\":\"join\",\"room\":\"doomed\"}");
            // WHEN the table disappears under the handlers
            f.dynamo.deleteTable(b -> b.tableName(f.gateway.connectionTable()));
            // THEN a send answers INTERNAL, quoting a request id, and the gateway keeps the connection
            JsonNode error = new ObjectMapper().readTree(c.ask("{\"action\":\"send\",\"room\":\"doomed\",\"data\":1}"));
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("INTERNAL");
            assertThat(error.get("message").asText()).containsPattern("[A-Za-z0-9_-]{15}=");
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }
}
