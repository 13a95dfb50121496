package dev.switchboard.pulumi.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.pulumi.StackConfig;
import dev.switchboard.pulumi.StackRun;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stack's {@code jwtIssuer} and {@code jwtAudience} (the keys the AWS program's authorizer reads) reach the
 * Worker's settings on Cloudflare too, as the local runner's issuer and audience reach workerd's: a stack that sets
 * them must not be rendered with the blueprint's defaults, which would refuse every token its issuer signs.
 */
class CloudflareJwtConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode auth(Map<String, String> extraConfig) throws IOException {
        Map<String, String> secrets = Map.of(PlatformSelectionTest.JWT, PlatformSelectionTest.SECRET);
        Map<String, String> config = new java.util.HashMap<>(PlatformSelectionTest.stackFile(
                PlatformSelectionTest.CF_STACK));
        config.putAll(extraConfig);
        config.putAll(secrets);
        StackRun run = StackRun.of(PlatformSelectionTest.CF_STACK, config, secrets.keySet(),
                dev.switchboard.pulumi.App::stack);
        JsonNode script = JSON.valueToTree(run.ofType(WorkersScript.TYPE).get(0).inputs());
        for (JsonNode b : script.get("bindings")) {
            if (b.get("name").asText().equals("SWITCHBOARD")) {
                return JSON.readTree(b.get("json").asText()).get("auth");
            }
        }
        throw new AssertionError("no SWITCHBOARD binding in " + script);
    }

    @Test
    void stackIssuerAndAudience_areRenderedIntoTheWorkersSettings() throws IOException {
        // GIVEN Pulumi.cloudflare-dev.yaml with switchboard:jwtIssuer and switchboard:jwtAudience set
        // WHEN the program runs
        JsonNode auth = auth(Map.of("switchboard:" + StackConfig.JWT_ISSUER, "https://auth.example.com/",
                "switchboard:" + StackConfig.JWT_AUDIENCE, "chat-dev"));
        // THEN the Worker checks tokens against them
        assertThat(auth.get("issuer").asText()).isEqualTo("https://auth.example.com/");
        assertThat(auth.get("audience").asText()).isEqualTo("chat-dev");
    }

    @Test
    void withoutThem_theBlueprintsDefaults() throws IOException {
        JsonNode auth = auth(Map.of());
        assertThat(auth.get("issuer").asText()).isEqualTo("switchboard");
        assertThat(auth.get("audience").asText()).isEqualTo("switchboard-dev");
    }
}
