package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SwitchboardApp#synth}, the helper other modules' tests call, on the staging environment. */
class SwitchboardAppTest {
    @Test
    void synth_staging_returnsEveryStacksTemplate_fromCdkJsonContext() {
        // GIVEN cdk.json's staging environment (placeholder account, three regions)  WHEN synthesized
        Map<String, Map<String, Object>> templates = SwitchboardApp.synth("staging",
                Path.of("target", "test-cdk-out", "staging-helper"));
        // THEN the edge stack and one stack per region, with the staging account and stage
        assertThat(templates.keySet()).containsExactlyInAnyOrder("switchboard-staging-edge", "switchboard-staging-us-east-1",
                "switchboard-staging-eu-west-1", "switchboard-staging-ap-northeast-1");
        Map<String, Map<String, Object>> stages = Cfn.resources(templates.get("switchboard-staging-eu-west-1"),
                "AWS::ApiGatewayV2::Stage");
        assertThat(stages.values()).singleElement().satisfies(s ->
                assertThat(Cfn.props(s)).containsEntry("StageName", "staging"));
        assertThat(Snapshots.canonical(templates.get("switchboard-staging-us-east-1")))
                .contains("222222222222").doesNotContain("333333333333");
        assertThat(Cfn.resources(templates.get("switchboard-staging-us-east-1"), "AWS::DynamoDB::GlobalTable"))
                .hasSize(1);
    }

    @Test
    void synth_withExtraContext_overridesTheEnvironment() {
        Map<String, Map<String, Object>> templates = SwitchboardApp.synth("dev",
                Path.of("target", "test-cdk-out", "dev-override"), Map.of("environments",
                        Map.of("dev", Map.of("account", "555555555555", "regions", List.of("eu-north-1")))));
        assertThat(templates.keySet()).containsExactly("switchboard-dev-edge", "switchboard-dev-eu-north-1");
    }

    @Test
    void aPlaceholderAccount_isNamedOnStderrAtSynth_withWhereToSetTheRealOne() {
        Map<String, Object> context = SwitchboardApp.loadContext(SwitchboardApp.root().resolve("cdk.json"));
        for (String[] env : new String[][] {{"dev", "111111111111"}, {"staging", "222222222222"},
                {"prod", "333333333333"}}) {
            assertThat(SwitchboardApp.placeholderNotice(context, env[0], env[1]))
                    .startsWith("Switchboard: account " + env[1] + " of environment '" + env[0] + "' is a placeholder")
                    .contains("context.environments." + env[0] + ".account").doesNotContain("\n");
        }
        assertThat(SwitchboardApp.placeholderNotice(context, "prod", "123456789012")).isNull();
    }
}
