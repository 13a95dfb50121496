package dev.switchboard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlatnessTest {
    private static final List<Double> SECONDS = List.of(0.0, 30.0, 60.0, 90.0, 120.0, 150.0);

    @Test
    void of_whenWithinTheBandAfterTheWarmUp_isFlat() {
        // GIVEN a series that doubles during the warm-up and then wanders by under 10 %
        List<Long> rss = List.of(100L, 200L, 200L, 215L, 190L, 205L);
        // WHEN
        Flatness f = Flatness.of(SECONDS, rss, 60, 0.10);
        // THEN the warm-up is left out and the rest is within 10 % of the first value after it
        assertThat(f.flat()).isTrue();
        assertThat(f.samples()).isEqualTo(4);
        assertThat(f.reference()).isEqualTo(200);
        assertThat(f.lowest()).isEqualTo(190);
        assertThat(f.highest()).isEqualTo(215);
        assertThat(f.maxDeviation()).isEqualTo(0.075);
        assertThat(f.verdict()).startsWith("FLAT within 10 %");
    }

    @Test
    void of_whenClimbingAfterTheWarmUp_isNotFlat() {
        // GIVEN a leak: 5 % more every sample
        List<Long> fds = List.of(100L, 100L, 105L, 110L, 116L, 122L);
        // WHEN
        Flatness f = Flatness.of(SECONDS, fds, 30, 0.10);
        // THEN
        assertThat(f.flat()).isFalse();
        assertThat(f.highest()).isEqualTo(122);
        assertThat(f.verdict()).startsWith("NOT FLAT");
    }

    @Test
    void of_whenADropPassesTheBand_isNotFlat() {
        assertThat(Flatness.of(SECONDS, List.of(100L, 100L, 100L, 100L, 100L, 85L), 0, 0.10).flat()).isFalse();
    }

    @Test
    void of_withFewerThanTwoSamplesAfterTheWarmUp_isNotFlat() {
        // a verdict needs a series: one sample cannot show a trend
        assertThat(Flatness.of(SECONDS, List.of(1L, 1L, 1L, 1L, 1L, 1L), 150, 0.10).flat()).isFalse();
        assertThat(Flatness.of(SECONDS, List.of(1L, 1L, 1L, 1L, 1L, 1L), 200, 0.10).samples()).isZero();
    }
}
