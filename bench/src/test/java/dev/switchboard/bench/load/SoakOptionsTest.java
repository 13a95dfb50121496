package dev.switchboard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void parse_withFlags_overridesTheDefaults() {
        SoakOptions o = SoakOptions.parse("--connections", "100", "--reconnect-share", "0.2", "--reconnect-seconds",
                "10", "--minutes", "1", "--warmup-minutes", "0.25", "--only", "local");
        assertThat(o.connections()).isEqualTo(100);
        assertThat(o.reconnectsPerPeriod()).isEqualTo(20);
        assertThat(o.reconnectEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.warmUp()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.only()).isEqualTo("local");
        assertThat(SoakOptions.parse().reconnectsPerPeriod()).isEqualTo(200);
    }

    @Test
    void parse_withBadInput_namesTheFlag() {
        assertThatThrownBy(() -> SoakOptions.parse("--reconnect-share", "10"))
                .hasMessageContaining("--reconnect-share must be between 0 and 1");
        assertThatThrownBy(() -> SoakOptions.parse("--only", "azure")).hasMessageContaining("--only must be local");
        assertThatThrownBy(() -> SoakOptions.parse("--minutes", "5")).hasMessageContaining("--warmup-minutes");
        assertThatThrownBy(() -> SoakOptions.parse("--connections", "many")).hasMessageContaining("--connections");
        assertThatThrownBy(() -> SoakOptions.parse("--conections", "1")).hasMessageContaining("unknown flag");
    }
}
