package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.Aspects;

/** cdk-nag AwsSolutions ran during the shared synths: no unsuppressed finding; every suppression has a reason. */
class NagTest {
    @Test
    void noStackOfAnyEnvironment_hasAnUnsuppressedAwsSolutionsFinding() {
        for (String env : List.of("dev", "prod", "qa")) {
            for (Stack stack : Synthesized.of(env).deployment.stacks()) {
                Annotations a = Annotations.fromStack(stack);
                assertThat(a.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as(stack.getStackName())
                        .isEmpty();
                assertThat(a.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).as(stack.getStackName())
                        .isEmpty();
            }
        }
    }

    @Test
    void theChecks_reportAnUnsuppressedFinding_onAResourceWithoutSwitchboardsSuppressions() {
        // GIVEN a stack with a topic that does not enforce TLS  WHEN the AwsSolutions checks run  THEN SNS3 is reported
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        Stack stack = new Stack(app, "Control");
        new software.amazon.awscdk.services.sns.Topic(stack, "Plain");
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-SNS3.*")))
                .hasSize(1);
    }

    @Test
    void nagRan_andEverySuppressionCarriesAReason() {
        List<Map<?, ?>> suppressions = new ArrayList<>();
        for (String env : List.of("dev", "prod", "qa")) {
            Synthesized.of(env).templates.values().forEach(t -> collect(t, suppressions));
        }
        assertThat(suppressions).hasSizeGreaterThan(20)
                .allSatisfy(s -> assertThat(String.valueOf(s.get("reason"))).hasSizeGreaterThan(40))
                .anySatisfy(s -> assertThat(s.get("id")).isEqualTo("AwsSolutions-IAM5"));
        suppressions.stream().filter(s -> "AwsSolutions-IAM5".equals(s.get("id")) || "AwsSolutions-IAM4"
                .equals(s.get("id"))).forEach(s -> assertThat((List<?>) s.get("applies_to")).as(s.toString())
                .isNotEmpty());
        // the checks were registered on the app these templates came from
        assertThat(Aspects.of(Synthesized.of("prod").edge().getNode().getRoot()).getAll())
                .anyMatch(x -> x instanceof AwsSolutionsChecks);
    }

    private static void collect(Object node, List<Map<?, ?>> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("cdk_nag") instanceof Map<?, ?> nag && nag.get("rules_to_suppress") instanceof List<?> l) {
                l.forEach(x -> out.add((Map<?, ?>) x));
            }
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }
}
