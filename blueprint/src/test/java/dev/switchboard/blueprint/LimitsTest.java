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
}
