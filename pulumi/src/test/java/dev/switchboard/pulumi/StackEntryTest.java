package dev.switchboard.pulumi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The program's real entry point, {@link App#stack}, with the shipped Pulumi.staging.yaml and secret config. */
@SuppressWarnings({"unchecked", "cast"})
class StackEntryTest {
    static ProgramRun run;

    @BeforeAll
    static void render() throws Exception {
        // GIVEN the staging stack file's config plus the two secrets set with `pulumi config set --secret`
        Map<String, Object> file = (Map<String, Object>) ConfigFilesTest.yaml("Pulumi.staging.yaml").get("config");
        Map<String, String> config = new HashMap<>();
        file.forEach((k, v) -> config.put(k, v.toString()));
        config.put("switchboard:jwtIssuer", "auth.example.com");
        // WHEN App.stack runs
        run = ProgramRun.run(config, (ctx, ignored) -> {
            App.stack(ctx);
            return null;
        });
    }

    @Test
    void stack_rendersTheEnvironmentNamedInTheStackFile_inItsAccount() {
        assertThat(run.ofType(Types.PROVIDER)).extracting(p -> p.inputs().get("region"))
                .containsExactlyInAnyOrder("us-east-1", "eu-west-1", "ap-northeast-1");
        assertThat(run.ofType(Types.PROVIDER)).allSatisfy(p -> assertThat(p.inputs().get("allowedAccountIds"))
                .asString().contains("222222222222"));
        assertThat(run.ofType(Types.TABLE)).singleElement()
                .satisfies(t -> assertThat(t.inputs()).containsEntry("name", "switchboard-staging-connections"));
        assertThat(run.outputs).containsKeys("websocketUrls", "callbackUrls", "dashboards", "tableName", "webAclArn");
    }

    @Test
    void jwtIssuerConfig_reachesTheAuthorizer_andTheAudienceKeepsItsDefault() {
        assertThat(run.ofType(Types.FUNCTION, f -> f.name().endsWith("-authorizer"))).hasSize(3).allSatisfy(f ->
                assertThat((java.util.Map<String, String>) ProgramRun.at(f.inputs(), "environment", "variables"))
                        .containsEntry("JWT_ISSUER", "auth.example.com")
                        .containsEntry("JWT_AUDIENCE", "switchboard-staging"));
    }

    @Test
    void secretConfig_reachesTheSecretVersionsAndTheOriginHeader_onlyAsSecrets() {
        for (ProgramRun.Declared d : run.declared) {
            assertThat(PlainStrings.of(d.serializedInputs())).as(d.name())
                    .noneMatch(s -> s.contains(ProgramRun.JWT_SECRET) || s.contains(ProgramRun.ORIGIN_SECRET));
        }
        assertThat(run.ofType(Types.SECRET_VERSION)).hasSize(6)
                .extracting(v -> v.inputs().get("secretString")).containsOnly(ProgramRun.JWT_SECRET, ProgramRun.ORIGIN_SECRET);
        assertThat(run.ofType(Types.DISTRIBUTION)).allSatisfy(d -> assertThat(d.inputs().toString())
                .contains(ProgramRun.ORIGIN_SECRET));
    }
}
