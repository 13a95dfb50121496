package dev.switchboard.lambdas.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.FanoutSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fan-out function's backoff, configured from the blueprint as every renderer and the local API configure it,
 * agrees with what the blueprint says a failed shard waits before the dead-letter queue (the fault run waits that long
 * for the queue, {@code FanoutSpec#lastBackoffSeconds}).
 */
class FanoutBackoffTest {

    @Test
    void backoffOfTheLastReceive_isTheBlueprintsLastBackoff_andEachReceiveDoublesUpToTheVisibilityTimeout() {
        // GIVEN the reference blueprint's fan-out, and a copy whose doubling reaches the visibility timeout
        FanoutSpec spec = Blueprint.reference(Environments.resolve("dev", Map.of())).fanout();
        FanoutSpec capped = new FanoutSpec(spec.function(), spec.batchSize(), spec.maximumConcurrency(),
                spec.visibilityTimeoutSeconds(), 12, spec.retentionSeconds(), spec.dlqRetentionSeconds(),
                spec.retryBaseSeconds(), spec.maxMessageBytes(), spec.postsPerSecond());
        // WHEN the function reads its configuration
        FanoutConfig config = FanoutConfig.fromEnv(spec.environment(spec.function(), "http://queue"));
        FanoutConfig cappedConfig = FanoutConfig.fromEnv(capped.environment(capped.function(), "http://queue"));
        // THEN
        assertThat(config.backoffSeconds(spec.maxReceiveCount())).isEqualTo(spec.lastBackoffSeconds())
                .isEqualTo(2 * config.backoffSeconds(spec.maxReceiveCount() - 1));
        assertThat(cappedConfig.backoffSeconds(capped.maxReceiveCount())).isEqualTo(capped.lastBackoffSeconds())
                .isEqualTo(capped.visibilityTimeoutSeconds());
    }
}
