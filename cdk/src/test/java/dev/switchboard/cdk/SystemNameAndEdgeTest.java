package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.blueprint.BlueprintException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Switchboard's own app with the {@code systemName} context key and an environment without the edge: every stack and
 * physical name carries the system name, there is no edge stack, and the guards pass (synth runs them).
 */
class SystemNameAndEdgeTest {
    @Test
    void systemNameAndNoEdge_giveOneRegionalStackNamedForTheSystem() {
        // GIVEN -c systemName=chat and environments.dev.edge = false
        Map<String, Map<String, Object>> templates = SwitchboardApp.synth("dev", Path.of("target", "cdk-out-chat")
                .toAbsolutePath(), Map.of(SwitchboardApp.SYSTEM_NAME, "chat", "environments", Map.of("dev",
                Map.of("account", "111111111111", "edge", false))));
        // THEN one stack, named for the system, without CloudFront or WAF, its names prefixed with chat-dev
        assertThat(templates).containsOnlyKeys("chat-dev-us-east-1");
        String text = Snapshots.canonical(templates.get("chat-dev-us-east-1"));
        assertThat(text).doesNotContain("AWS::CloudFront::Distribution").doesNotContain("AWS::WAFv2")
                .doesNotContain("switchboard-dev").contains("\"chat-dev-connect\"").contains("\"chat/dev/jwt-signing\"")
                .doesNotContain("origin-header-value");
    }

    @Test
    void aBadSystemName_stopsSynth_namingTheField() {
        assertThatThrownBy(() -> SwitchboardApp.synth("dev", Path.of("target", "cdk-out-bad").toAbsolutePath(),
                Map.of(SwitchboardApp.SYSTEM_NAME, "Chat_App")))
                .isInstanceOf(BlueprintException.class).hasMessageStartingWith("name: 'Chat_App' is not a valid system");
    }
}
