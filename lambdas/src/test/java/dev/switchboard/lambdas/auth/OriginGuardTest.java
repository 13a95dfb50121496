package dev.switchboard.lambdas.auth;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OriginGuardTest {
    private final OriginGuard guard = OriginGuard.requiring("X-Switchboard-Origin", "s3cret-value");

    @Test
    void check_whenHeaderInAnyCaseWithTheValue_isOk() {
        assertThat(guard.check(Map.of("X-Switchboard-Origin", "s3cret-value"))).isEqualTo(Reason.OK);
        assertThat(guard.check(Map.of("x-switchboard-origin", "s3cret-value"))).isEqualTo(Reason.OK);
        assertThat(guard.check(Map.of("X-SWITCHBOARD-ORIGIN", "s3cret-value"))).isEqualTo(Reason.OK);
    }

    @Test
    void check_whenValueDiffers_isMismatch() {
        assertThat(guard.check(Map.of("x-switchboard-origin", "S3cret-value"))).isEqualTo(Reason.ORIGIN_MISMATCH);
        assertThat(guard.check(Map.of("x-switchboard-origin", "s3cret-value "))).isEqualTo(Reason.ORIGIN_MISMATCH);
        assertThat(guard.check(Map.of("x-switchboard-origin", ""))).isEqualTo(Reason.ORIGIN_MISMATCH);
    }

    @Test
    void check_whenHeaderAbsent_isMissing() {
        assertThat(guard.check(Map.of("Host", "example.test"))).isEqualTo(Reason.ORIGIN_MISSING);
        assertThat(guard.check(null)).isEqualTo(Reason.ORIGIN_MISSING);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("X-Switchboard-Origin", null);
        assertThat(guard.check(nullValue)).isEqualTo(Reason.ORIGIN_MISSING);
    }

    @Test
    void disabled_acceptsAnything() {
        assertThat(OriginGuard.disabled().enabled()).isFalse();
        assertThat(OriginGuard.disabled().check(null)).isEqualTo(Reason.OK);
    }

    @Test
    void requiring_whenSecretEmpty_fails() {
        assertThatThrownBy(() -> OriginGuard.requiring("X-Switchboard-Origin", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
