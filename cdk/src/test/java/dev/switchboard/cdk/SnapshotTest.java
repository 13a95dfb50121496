package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One snapshot per stack per environment under src/test/resources/snapshots/ (sorted keys, asset hashes
 * normalised). Regenerate after a reviewed change: {@code mvn -B -DskipNpm -pl cdk test -Dtest=SnapshotTest
 * -Dsnapshot.update=true}.
 */
class SnapshotTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStack_matchesItsSnapshot(String env) {
        Synthesized s = Synthesized.of(env);
        assertThat(s.templates).hasSize(env.equals("dev") ? 2 : 4);
        s.templates.forEach((stack, template) -> Snapshots.assertMatches(
                Path.of("src", "test", "resources", "snapshots", env, stack + ".json"), template));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void templates_ignoreTheCdkDefaultAccountAndRegion(String env) {
        // GIVEN the test JVM runs with CDK_DEFAULT_ACCOUNT=999999999999 and CDK_DEFAULT_REGION=sa-east-1 (pom.xml)
        assertThat(System.getenv("CDK_DEFAULT_ACCOUNT")).isEqualTo("999999999999");
        // THEN no template mentions them: every stack's env comes from the blueprint
        Synthesized.of(env).templates.values().forEach(t -> assertThat(Snapshots.canonical(t))
                .doesNotContain("999999999999").doesNotContain("sa-east-1"));
        assertThat(List.copyOf(Synthesized.of(env).templates.keySet())).noneMatch(n -> n.contains("sa-east-1"));
    }
}
