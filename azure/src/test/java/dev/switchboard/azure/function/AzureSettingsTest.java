package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.blueprint.BlueprintException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureSettingsTest {
    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("WEBPUBSUB_CONNECTION_STRING", "Endpoint=https://sb.webpubsub.azure.com;AccessKey=k1;Version=1.0;");
        env.put("TABLES_CONNECTION_STRING", "UseDevelopmentStorage=true");
        env.put("JWT_SECRET", "a-secret-of-at-least-thirty-two-bytes-long");
        env.put("JWT_ISSUER", "iss");
        env.put("JWT_AUDIENCE", "aud");
        return env;
    }

    @Test
    void fromEnv_defaults_hubTableOriginAndLimits() {
        AzureSettings s = AzureSettings.fromEnv(valid());
        assertThat(s.hub()).isEqualTo("switchboard");
        assertThat(s.tableName()).isEqualTo("switchboard");
        assertThat(s.allowedOrigins()).containsExactly("sb.webpubsub.azure.com");
        assertThat(s.accessKeys()).containsExactly("k1");
        assertThat(s.limits().maxConnectionsPerUser()).isEqualTo(10);
        assertThat(s.toString()).doesNotContain("k1");
    }

    @Test
    void fromEnv_badSettings_nameTheSettingAndTheFix() {
        Map<String, String> noConn = valid();
        noConn.remove("WEBPUBSUB_CONNECTION_STRING");
        assertThatThrownBy(() -> AzureSettings.fromEnv(noConn)).hasMessageContaining("WEBPUBSUB_CONNECTION_STRING")
                .hasMessageContaining("Endpoint=");
        Map<String, String> noKey = valid();
        noKey.put("WEBPUBSUB_CONNECTION_STRING", "Endpoint=https://sb.webpubsub.azure.com;Version=1.0;");
        assertThatThrownBy(() -> AzureSettings.fromEnv(noKey)).hasMessageContaining("AccessKey=");
        Map<String, String> badHub = valid();
        badHub.put("WEBPUBSUB_HUB", "my-hub");
        assertThatThrownBy(() -> AzureSettings.fromEnv(badHub)).hasMessageContaining("WEBPUBSUB_HUB 'my-hub'");
        Map<String, String> noJwt = valid();
        noJwt.remove("JWT_SECRET");
        assertThatThrownBy(() -> AzureSettings.fromEnv(noJwt)).hasMessageContaining("JWT_SECRET")
                .hasMessageContaining("JWT_JWKS_URL");
        Map<String, String> badNumber = valid();
        badNumber.put("RATE_BURST", "many");
        assertThatThrownBy(() -> AzureSettings.fromEnv(badNumber)).hasMessageContaining("RATE_BURST 'many'");
        Map<String, String> badLimit = valid();
        badLimit.put("MAX_CONNECTIONS_PER_USER", "0");
        assertThatThrownBy(() -> AzureSettings.fromEnv(badLimit)).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("maxConnectionsPerUser");
        Map<String, String> shortSecret = valid();
        shortSecret.put("JWT_SECRET", "short");
        AzureSettings s = AzureSettings.fromEnv(shortSecret);
        assertThatThrownBy(() -> EventHandler.verifier(s, java.time.Clock.systemUTC()))
                .hasMessageContaining("JWT_SECRET has fewer than 32 bytes");
    }

    @Test
    void fromEnv_endpointWithAPort_allowsThatHostAndPort() {
        // the abuse-protection request names the service as host[:port] (a local service runs on a port)
        Map<String, String> env = valid();
        env.put("WEBPUBSUB_CONNECTION_STRING", "Endpoint=http://127.0.0.1:46545;AccessKey=k1;Version=1.0;");
        assertThat(AzureSettings.fromEnv(env).allowedOrigins()).containsExactly("127.0.0.1:46545");
        env.put("WEBPUBSUB_CONNECTION_STRING", "Endpoint=http://localhost;Port=8080;AccessKey=k1;Version=1.0;");
        assertThat(AzureSettings.fromEnv(env).allowedOrigins()).containsExactly("localhost:8080");
    }

    @Test
    void fromEnv_secondaryKeyAndOrigins_areTaken() {
        Map<String, String> env = valid();
        env.put("WEBPUBSUB_SECONDARY_KEY", "k2");
        env.put("WEBPUBSUB_ALLOWED_ORIGINS", "a.webpubsub.azure.com, b.webpubsub.azure.com");
        AzureSettings s = AzureSettings.fromEnv(env);
        assertThat(s.accessKeys()).containsExactly("k1", "k2");
        assertThat(s.allowedOrigins()).containsExactly("a.webpubsub.azure.com", "b.webpubsub.azure.com");
    }
}
