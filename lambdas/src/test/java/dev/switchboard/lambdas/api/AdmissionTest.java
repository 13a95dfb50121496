package dev.switchboard.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.store.Member;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-request rules that need no table: the sender's callback URL (configured, else derived from the event as
 * API Gateway's {@code @connections} endpoint {@code https://{domainName}/{stage}}:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html),
 * the records' TTL, and that a malformed frame is refused before the rate limit touches the table. The rate limit
 * itself, at the frame's arrival time, is RateLimitTest's (against dynalite).
 */
class AdmissionTest {
    private static final long CONNECTED_AT = 1_700_000_000_123L;

    private static Admission admission(Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("AWS_REGION", "eu-west-1");
        return new Admission(HandlerConfig.fromEnv(e), null, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    private static WebSocketRequest request(String domain, String stage, String body) {
        ObjectNode e = Json.object();
        ObjectNode rc = e.putObject("requestContext").put("connectionId", "Cabc=").put("connectedAt", CONNECTED_AT);
        rc.putObject("authorizer").put("userId", "ann");
        if (domain != null) {
            rc.put("domainName", domain).put("stage", stage);
        }
        if (body != null) {
            e.put("body", body);
        }
        return new WebSocketRequest(e);
    }

    @Test
    void callbackUrl_whenConfigured_isTheConfiguredOne_whateverTheEvent() {
        Admission a = admission(Map.of(EnvVars.CALLBACK_URL, "https://api.example.com/prod/"));
        assertThat(a.callbackUrl(request("abc.execute-api.eu-west-1.amazonaws.com", "dev", null)))
                .isEqualTo("https://api.example.com/prod");
    }

    @Test
    void callbackUrl_whenNotConfigured_isDerivedFromTheEventsDomainAndStage() {
        Admission a = admission(Map.of());
        assertThat(a.callbackUrl(request("abc.execute-api.eu-west-1.amazonaws.com", "dev", null)))
                .isEqualTo("https://abc.execute-api.eu-west-1.amazonaws.com/dev");
    }

    @Test
    void callbackUrl_withNeitherConfigurationNorDomain_failsNamingTheVariable() {
        assertThatThrownBy(() -> admission(Map.of()).callbackUrl(request(null, null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CALLBACK_URL");
    }

    @Test
    void sender_isTheCallerAsAMemberOfThisRegion() {
        Member me = admission(Map.of()).sender(request("d.example.com", "s", null));
        assertThat(me).isEqualTo(new Member("Cabc=", "ann", "eu-west-1", "https://d.example.com/s", CONNECTED_AT));
    }

    @Test
    void ttl_isTheConnectionsStartInSecondsPlusTheConfiguredLifetime() {
        Admission a = admission(Map.of(EnvVars.CONNECTION_TTL_SECONDS, "600"));
        assertThat(a.ttl(request(null, null, null))).isEqualTo(1_700_000_000L + 600);
    }

    @Test
    void admitMessage_refusesAMalformedFrame_beforeTheRateLimitReadsTheTable() {
        // no table: a frame that reached the rate limit would fail naming TABLE_NAME instead
        Admission a = admission(Map.of());
        WebSocketRequest bad = request(null, null, "{not json");
        assertThatThrownBy(() -> a.admitMessage(bad)).isInstanceOfSatisfying(ProtocolException.class,
                p -> assertThat(p.code()).isEqualTo(ErrorCode.BAD_JSON));
        assertThat(bad.metrics()).doesNotContainKey(Telemetry.MESSAGES);
        assertThatThrownBy(() -> a.admitMessage(request(null, null, "{\"action\":\"send\"}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(EnvVars.TABLE_NAME);
    }
}
