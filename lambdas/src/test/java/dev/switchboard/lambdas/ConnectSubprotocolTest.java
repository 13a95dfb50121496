package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code $connect}'s answer to the subprotocols a client offers (docs/protocol.md, "Connecting"): API Gateway returns
 * the {@code Sec-WebSocket-Protocol} header of the {@code $connect} result on the 101
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html).
 */
class ConnectSubprotocolTest {
    static Harness h;
    static ConnectHandler connect;

    @BeforeAll
    static void start() {
        h = new Harness();
        connect = new ConnectHandler(h.context());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ObjectNode offering(String id, String... values) {
        ObjectNode e = Harness.connectEvent(id, "alice", null);
        ((ObjectNode) e.get("headers")).put("sec-websocket-protocol", values[values.length - 1]);
        var multi = ((ObjectNode) e.get("multiValueHeaders")).putArray("sec-websocket-protocol");
        for (String v : values) {
            multi.add(v);
        }
        return e;
    }

    @Test
    void connect_offeringV2AndABearer_answersV2Only_neverTheToken() {
        String id = Harness.newConnectionId();
        JsonNode r = call(connect, offering(id, "switchboard.v2, bearer.eyJhbGciOi.eyJzdWIi.c2ln"));

        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(r.path("headers")).isEqualTo(Json.MAPPER.valueToTree(Map.of("Sec-WebSocket-Protocol", "switchboard.v2")));
        assertThat(r.toString()).doesNotContain("bearer").doesNotContain("eyJ");
        assertThat(h.context().repository().connection(id)).isPresent();
    }

    @Test
    void connect_withTheOffersInTwoHeaderLines_answersV2() {
        JsonNode r = call(connect, offering(Harness.newConnectionId(), "bearer.a.b.c", "switchboard.v2"));
        assertThat(r.path("headers").path("Sec-WebSocket-Protocol").asText()).isEqualTo("switchboard.v2");
    }

    @Test
    void connect_withQueryTokenAndNoOffer_answersNoSubprotocol() {
        JsonNode r = call(connect, Harness.connectEvent(Harness.newConnectionId(), "alice", null));
        assertThat(r.path("statusCode").asInt()).isEqualTo(200);
        assertThat(r.has("headers")).isFalse();
    }

    @Test
    void connect_withABearerButWithoutV2_answers400_andStoresNothing() {
        String id = Harness.newConnectionId();
        JsonNode r = call(connect, offering(id, "bearer.a.b.c, chat"));

        assertThat(r.path("statusCode").asInt()).isEqualTo(400);
        assertThat(h.context().repository().connection(id)).isEmpty();
    }
}
