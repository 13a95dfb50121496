package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaults_dataLimitSixteenKilobytesAndPresenceCapHundred() {
        Limits l = Limits.defaults();

        assertThat(l.maxDataBytes()).isEqualTo(16 * 1024);
        assertThat(l.presenceMaxMembers()).isEqualTo(100);
        assertThat(l.connectionTtl()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void maxDataBytes_aboveTheFrameLimit_isRejected() {
        assertThatThrownBy(() -> Limits.defaults().withMaxDataBytes(32 * 1024 + 1))
                .hasMessageStartingWith("limits.maxDataBytes: must be between 1 and 32768");
    }

    @Test
    void zeroOrNegativeLimits_areRejected() {
        assertThatThrownBy(() -> Limits.defaults().withMessageRate(0, 5))
                .hasMessageStartingWith("limits.messageRatePerSecond: must be greater than zero");
        assertThatThrownBy(() -> Limits.defaults().withStageThrottling(-1, 10))
                .hasMessageStartingWith("limits.stageRateLimit");
        assertThatThrownBy(() -> Limits.defaults().withTimeouts(Duration.ZERO, Duration.ofHours(2)))
                .hasMessageStartingWith("limits.idleTimeout");
        assertThatThrownBy(() -> Limits.defaults().withPresenceMaxMembers(0))
                .hasMessageStartingWith("limits.presenceMaxMembers");
    }

    @Test
    void idleLongerThanMaxDuration_isRejected() {
        assertThatThrownBy(() -> Limits.defaults().withTimeouts(Duration.ofHours(3), Duration.ofHours(2)))
                .hasMessageContaining("limits.idleTimeout: is longer than maxConnectionDuration");
    }

    @Test
    void alarm_relativeThreshold_isAFractionOfTheFunctionTimeout() {
        AlarmSpec p99 = AlarmSpec.defaults().stream().filter(a -> a.id().equals("duration-p99")).findFirst().orElseThrow();

        assertThat(p99.thresholdFor(FunctionSpec.of("x", "a.B").withTimeoutSeconds(10))).isEqualTo(8000);
        assertThatThrownBy(() -> new AlarmSpec("bad", AlarmSpec.Kind.API, "Count", "Sum", 0.5, 1, 60, true))
                .hasMessageContaining("alarms.bad.threshold");
    }

    @Test
    void builder_changesOnlyTheNamedFields_andValidatesOnBuild() {
        Limits l = Limits.defaults().toBuilder().maxTokenBytes(2048).fanoutShardSize(100).build();

        assertThat(l.maxTokenBytes()).isEqualTo(2048);
        assertThat(l.fanoutShardSize()).isEqualTo(100);
        assertThat(l).isEqualTo(Limits.defaults().toBuilder().fanoutShardSize(100).maxTokenBytes(2048).build());
        assertThat(l.maxDataBytes()).isEqualTo(Limits.defaults().maxDataBytes());
    }

    @Test
    void roundLimits_outOfRange_nameTheFieldAndTheFix() {
        assertThatThrownBy(() -> Limits.defaults().toBuilder().maxTokenBytes(4096).build())
                .hasMessageStartingWith("limits.maxTokenBytes: must be between 512 and 3072, got 4096")
                .hasMessageContaining("4096 characters");
        assertThatThrownBy(() -> Limits.defaults().toBuilder().membersPageSize(0).build())
                .hasMessageStartingWith("limits.membersPageSize");
        assertThatThrownBy(() -> Limits.defaults().toBuilder().secretMaxAge(Duration.ofHours(2)).build())
                .hasMessageStartingWith("limits.secretMaxAge: must be between 10 s and 1 h")
                .hasMessageContaining("Fix:");
        assertThatThrownBy(() -> Limits.defaults().toBuilder().fanoutConcurrency(1).build())
                .hasMessageStartingWith("limits.fanoutConcurrency");
        assertThatThrownBy(() -> Limits.defaults().toBuilder().fanoutShardThreshold(0).build())
                .hasMessageStartingWith("limits.fanoutShardThreshold");
    }
}
