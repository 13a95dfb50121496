package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 (templates): the origin header reaches CloudFront through a dynamic reference pinned to the secret version
 * in {@code originSecretVersionId}. CloudFormation does not re-resolve an unchanged dynamic reference, so pinning is
 * what makes a new secret version reach the distributions
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html). A new
 * version id must change the distribution's header and nothing else.
 */
class OriginSecretVersionTest {
    private static final String V1 = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";
    private static final String V2 = "EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE";

    private static Map<String, Map<String, Object>> dev(String version) {
        return SwitchboardApp.synth("dev", Path.of("target", "test-cdk-out", "origin-version-" + version),
                Map.of("originSecretVersionId", version));
    }

    @Test
    void aNewSecretVersion_changesTheDistributionsHeader_andNothingElse() {
        Map<String, Map<String, Object>> one = dev(V1);
        Map<String, Map<String, Object>> two = dev(V2);
        assertThat(two.keySet()).isEqualTo(one.keySet());
        List<String> changed = new ArrayList<>();
        for (String stack : one.keySet()) {
            String a = Snapshots.canonical(one.get(stack));
            String b = Snapshots.canonical(two.get(stack));
            String[] la = a.split("\n");
            String[] lb = b.split("\n");
            assertThat(lb.length).as(stack).isEqualTo(la.length);
            for (int i = 0; i < la.length; i++) {
                if (!la[i].equals(lb[i])) {
                    changed.add(stack + ": " + la[i].trim() + " -> " + lb[i].trim());
                }
            }
        }
        assertThat(changed).singleElement().satisfies(c -> assertThat(c)
                .startsWith("switchboard-dev-us-east-1: \"HeaderValue\" : ")
                .contains("{{resolve:secretsmanager:switchboard/dev/origin-header-value:SecretString::" + ":" + V1)
                .contains(":" + V2 + "}}"));
    }

    @Test
    void aMalformedVersionId_stopsSynth_namingTheSetting() {
        assertThatThrownBy(() -> dev("not a version")).hasMessageContaining("originSecretVersionId: 'not a version'")
                .hasMessageContaining("Fix: ");
    }
}
