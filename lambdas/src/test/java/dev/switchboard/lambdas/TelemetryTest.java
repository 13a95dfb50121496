package dev.switchboard.lambdas;

import static dev.switchboard.lambdas.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.HandlerConfig;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    static Harness h;
    static HandlerContext ctx;

    @BeforeAll
    static void start() {
        h = new Harness();
        ctx = h.context();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void connect_logsJsonWithConnectionAndRequestIds_andNeverTheToken() {
        // GIVEN a CONNECT event whose query string carries a token
        String id = Harness.newConnectionId();
        JsonNode event = Harness.connectEvent(id, "tom", "r-log");
        String token = event.path("queryStringParameters").path("token").asText();
        h.logs.clear();
        // WHEN
        call(new ConnectHandler(ctx), event);
        // THEN every line is JSON, one says handled with both ids, none holds the token
        List<JsonNode> lines = h.logs.stream().map(Json::parseOrNull).toList();
        assertThat(lines).doesNotContainNull();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("message").asText()).isEqualTo("handled");
            assertThat(l.get("connectionId").asText()).isEqualTo(id);
            assertThat(l.get("requestId").asText()).isEqualTo("HEMM0GseIAMESYg=");
            assertThat(l.get("route").asText()).isEqualTo("$connect");
            assertThat(l.get("level").asText()).isEqualTo("INFO");
        });
        assertThat(h.logs).noneMatch(l -> l.contains(token) || l.contains("eyJ"));
    }

    @Test
    void send_emitsEmbeddedMetricsForMessagesFanOutAndGonePurged() {
        // GIVEN a sender, one live and one gone member
        String sender = Harness.newConnectionId();
        String live = Harness.newConnectionId();
        String gone = Harness.newConnectionId();
        for (String c : List.of(sender, live, gone)) {
            call(new ConnectHandler(ctx), Harness.connectEvent(c, "user-" + c, "r-emf"));
            if (!c.equals(gone)) {
                h.api.connect(c);
            }
        }
        h.logs.clear();
        // WHEN
        call(new SendHandler(ctx), Harness.messageEvent(sender, "user-" + sender,
                Json.parseOrNull("{\"action\":\"send\",\"room\":\"r-emf\",\"data\":{}}")));
        // THEN one EMF line declares the metrics and carries their values
        JsonNode emf = h.logs.stream().map(Json::parseOrNull).filter(l -> l.has("_aws")).findFirst().orElseThrow();
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Switchboard");
        assertThat(directive.get("Dimensions").get(0)).extracting(JsonNode::asText).containsExactly("Service", "Route");
        assertThat(directive.get("Metrics")).extracting(m -> m.get("Name").asText())
                .containsExactly("Messages", "FanOutSize", "GoneConnectionsPurged");
        assertThat(emf.get("_aws").get("Timestamp").asLong()).isPositive();
        assertThat(emf.get("Route").asText()).isEqualTo("send");
        assertThat(emf.get("Messages").asInt()).isEqualTo(1);
        assertThat(emf.get("FanOutSize").asInt()).isEqualTo(2);
        assertThat(emf.get("GoneConnectionsPurged").asInt()).isEqualTo(1);
    }

    @Test
    void prime_whenOn_readsOnceAtInit_andAFailedReadOnlyWarns() {
        // GIVEN priming on, once with the real table and once with a missing one
        h.logs.clear();
        SendHandler ok = new SendHandler(h.context(Map.of(HandlerConfig.PRIME, "true")));
        List<String> okLogs = List.copyOf(h.logs);
        new SendHandler(h.context(Map.of(HandlerConfig.PRIME, "true", "TABLE_NAME", "missing-table")));
        // THEN both handlers were built; only the second warned, and the first still handles frames
        assertThat(okLogs).isEmpty();
        assertThat(h.logs).singleElement().satisfies(l -> assertThat(l).contains("\"level\":\"WARN\"")
                .contains("priming read failed").contains("ResourceNotFoundException"));
        String v = Harness.newConnectionId();
        call(new ConnectHandler(ctx), Harness.connectEvent(v, "v", null));
        h.api.connect(v);
        JsonNode r = h.reply(ok, Harness.messageEvent(v, "v",
                Json.parseOrNull("{\"action\":\"send\",\"room\":\"r-prime\",\"data\":1}")));
        assertThat(r.get("code").asText()).isEqualTo("NOT_A_MEMBER");
    }
}
