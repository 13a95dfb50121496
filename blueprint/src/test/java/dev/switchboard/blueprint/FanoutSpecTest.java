package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FanoutSpecTest {
    private static Blueprint dev() {
        return Blueprint.reference(Environments.resolve("dev", Map.of()));
    }

    @Test
    void fanout_takesItsConcurrencyFromTheLimits_andIsNoRouteFunction() {
        // GIVEN the reference blueprint with 7 fan-out consumers
        Blueprint b = dev().withLimits(Limits.defaults().toBuilder().fanoutConcurrency(7).build());
        // WHEN
        FanoutSpec f = b.fanout();
        // THEN
        assertThat(f.maximumConcurrency()).isEqualTo(7);
        assertThat(f.postsPerSecond()).isEqualTo(FanoutSpec.POST_BUDGET / 7);
        assertThat(f.visibilityTimeoutSeconds()).isEqualTo(6 * f.function().timeoutSeconds());
        assertThat(f.function().managementApi()).isTrue();
        assertThat(b.functions()).extracting(FunctionSpec::name).doesNotContain(FanoutSpec.FUNCTION_NAME);
        assertThat(b.fanoutQueueName()).isEqualTo("switchboard-dev-fanout");
        assertThat(b.deployedFunctions()).hasSize(b.functions().size() + 1).last().isEqualTo(f.function());
    }

    @Test
    void visibilityTimeout_shorterThanTheFunctionTimeout_isRefusedWithTheField() {
        // GIVEN a 20 s function
        FunctionSpec fn = dev().fanout().function();
        // WHEN / THEN
        assertThatThrownBy(() -> new FanoutSpec(fn, 1, 10, 10, 5, 60, 60, 2, FanoutSpec.SQS_MAX_MESSAGE_BYTES, 800))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("fanout.visibilityTimeoutSeconds: 10 s is shorter than the function timeout");
    }
}
