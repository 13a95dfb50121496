package dev.switchboard.pulumi.cloudflare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.pulumi.App;
import dev.switchboard.pulumi.StackRun;
import dev.switchboard.pulumi.PackageTestSupport;
import dev.switchboard.pulumi.StackConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The program's entry point, {@link App#stack}, picks the platform from the stack's configuration: the shipped
 * Pulumi.cloudflare-dev.yaml renders the Cloudflare stack, the AWS stack files still render the AWS program.
 */
class PlatformSelectionTest {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));
    static final String CF_STACK = "cloudflare-dev";
    static final String JWT = "switchboard:" + StackConfig.JWT_SECRET;
    static final String ORIGIN = "switchboard:" + StackConfig.ORIGIN_SECRET;
    static final String SECRET = "platform-test-jwt-secret-0123456789";

    /** The {@code config:} block of a stack file at the repository root, values as strings. */
    @SuppressWarnings("unchecked")
    static Map<String, String> stackFile(String stack) throws IOException {
        Map<String, Object> file = new ObjectMapper(new YAMLFactory())
                .readValue(ROOT.resolve("Pulumi." + stack + ".yaml").toFile(), Map.class);
        Map<String, String> config = new HashMap<>();
        ((Map<String, Object>) file.get("config")).forEach((k, v) -> config.put(k, v.toString()));
        return config;
    }

    /** Runs {@link App#stack} with the stack file's config plus the secrets `pulumi config set --secret` adds. */
    static StackRun app(String stack, Map<String, String> secrets) throws IOException {
        Map<String, String> config = new HashMap<>(stackFile(stack));
        config.putAll(secrets);
        config.putIfAbsent("switchboard:handlerJar", PackageTestSupport.handlerJar());
        return StackRun.of(stack, config, secrets.keySet(), App::stack);
    }

    static StackRun cloudflareDev() throws IOException {
        return app(CF_STACK, Map.of(JWT, SECRET));
    }

    @Test
    void cloudflareStackFile_runsTheCloudflareProgram_only() throws IOException {
        // GIVEN Pulumi.cloudflare-dev.yaml plus the secret jwtSecret WHEN App.stack runs
        StackRun run = cloudflareDev();
        // THEN only Cloudflare resources are declared, the Worker among them, for the dev environment
        assertThat(run.declared).extracting(StackRun.Declared::type).isNotEmpty()
                .allMatch(t -> t.startsWith("cloudflare:"))
                .contains(WorkersScript.TYPE, WorkersCustomDomain.TYPE, Ruleset.TYPE);
        assertThat(run.outputs).containsEntry("websocketUrl", "wss://ws.example.com/dev")
                .containsEntry("workerScript", "switchboard-dev")
                .doesNotContainKeys("websocketUrls", "tableName");
    }

    @Test
    void aSystemName_namesTheWorkerScript() throws IOException {
        // GIVEN Pulumi.cloudflare-dev.yaml with a system name of the user's
        Map<String, String> config = new HashMap<>(stackFile(CF_STACK));
        config.put("switchboard:" + StackConfig.SYSTEM_NAME, "chat");
        config.put(JWT, SECRET);
        // WHEN App.stack runs THEN the script carries the system's name, as the AWS program's resources do
        StackRun run = StackRun.of(CF_STACK, config, Set.of(JWT), App::stack);
        assertThat(run.outputs).containsEntry("workerScript", "chat-dev");
    }

    @Test
    void awsStackFile_stillRunsTheAwsProgram() throws IOException {
        // GIVEN Pulumi.dev.yaml (no platform key) plus its two secrets WHEN App.stack runs
        StackRun run = app("dev", Map.of(JWT, SECRET, ORIGIN, SECRET + "-origin"));
        // THEN the AWS program runs: AWS resources, no Cloudflare ones, the AWS outputs
        assertThat(run.declared).extracting(StackRun.Declared::type)
                .anyMatch(t -> t.startsWith("aws:")).noneMatch(t -> t.startsWith("cloudflare:"));
        assertThat(run.outputs).containsKeys("websocketUrls", "tableName").doesNotContainKey("workerScript");
    }

    @Test
    void cloudflareStackFile_holdsThePlatformEnvironmentAndPlaceholders_andNoSecret() throws IOException {
        Map<String, String> config = stackFile(CF_STACK);
        assertThat(config).containsEntry("switchboard:" + CloudflareProgram.PLATFORM, "cloudflare")
                .containsEntry("switchboard:" + StackConfig.ENVIRONMENT, "dev");
        assertThat(config.keySet()).isSubsetOf(Set.copyOf(List.of("switchboard:" + CloudflareProgram.PLATFORM,
                "switchboard:" + StackConfig.ENVIRONMENT, "switchboard:" + CloudflareProgram.ACCOUNT_ID,
                "switchboard:" + CloudflareProgram.ZONE_ID, "switchboard:" + CloudflareProgram.HOSTNAME,
                "switchboard:" + CloudflareProgram.PLAN, "switchboard:" + CloudflareProgram.SHARDS)));
        // no secret in the file: not the JWT secret, not the provider's token
        assertThat(config).doesNotContainKeys(JWT, ORIGIN, "cloudflare:apiToken");
    }
}
