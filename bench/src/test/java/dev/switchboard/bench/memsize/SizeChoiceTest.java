package dev.switchboard.bench.memsize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeChoiceTest {
    private static final double ARM_PER_GB_SECOND = 0.0000133334;

    /** An instance whose every warm invocation took {@code warmMs}, after a first one of {@code firstMs}. */
    private static SizeResult measured(int memoryMb, double firstMs, double warmMs, long peakRssMb) {
        return new SizeResult("send", memoryMb, 100, new double[] {firstMs, 50, warmMs, warmMs, warmMs}, 1,
                peakRssMb * 1024, 0, null);
    }

    @Test
    void choose_picksTheCheapestSizeWithinTenPercentOfTheFastest() {
        // GIVEN durations that stop shrinking above 512 MB (512: 10.5 ms, within 10 % of 1024's 10.0 ms)
        List<SizeResult> results = List.of(measured(256, 900, 40, 120), measured(512, 500, 10.5, 120),
                measured(1024, 300, 10.0, 120), measured(2048, 200, 9.8, 120));
        // WHEN
        SizeChoice.Choice warm = SizeChoice.choose(results, SizeResult::warmMedianMs, ARM_PER_GB_SECOND).orElseThrow();
        // THEN 512 MB: 2048's 9.8 ms is the fastest, 512's 10.5 ms is within 10 % of it, and 11 ms × 0.5 GB is the
        // least billed; 256 MB is cheaper per ms but four times slower
        assertThat(warm.memoryMb()).isEqualTo(512);
        assertThat(warm.usdPerMillion()).isCloseTo(11 / 1000.0 * 0.5 * ARM_PER_GB_SECOND * 1e6,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void choose_belowAMillisecond_everySizeBillsOneMs_soTheSmallestThatFitsIsChosen() {
        // GIVEN ping as measured on 2026-12-06: 0.39 ms at 256 MB, 0.27 ms at 2,048 MB (44 % apart, both billed 1 ms)
        List<SizeResult> results = List.of(measured(256, 1294, 0.39, 88), measured(1024, 272, 0.30, 87),
                measured(2048, 116, 0.27, 87));
        // WHEN
        SizeChoice.Choice warm = SizeChoice.choose(results, SizeResult::warmMedianMs, ARM_PER_GB_SECOND).orElseThrow();
        // THEN 256 MB: the duration Lambda bills does not grow, and a quarter of the memory costs a quarter
        assertThat(warm.memoryMb()).isEqualTo(256);
    }

    @Test
    void choose_leavesOutSizesWhoseMemoryTheInstanceOutgrew_andFailedOnes() {
        // GIVEN 128 MB fastest but over its memory (150 MB resident), 256 MB failed (out of metaspace)
        List<SizeResult> results = List.of(measured(128, 100, 5, 150),
                SizeResult.failed("send", 256, "java.lang.OutOfMemoryError: Metaspace"), measured(1024, 300, 20, 140));
        // THEN the choice is the one that ran and fits
        assertThat(SizeChoice.choose(results, SizeResult::warmMedianMs, ARM_PER_GB_SECOND))
                .hasValueSatisfying(c -> assertThat(c.memoryMb()).isEqualTo(1024));
        // AND with nothing that fits there is no choice
        assertThat(SizeChoice.choose(results.subList(0, 2), SizeResult::warmMedianMs, ARM_PER_GB_SECOND)).isEmpty();
    }

    @Test
    void choose_onTheFirstInvocation_judgesTheColdDurationApart() {
        // GIVEN warm durations equal everywhere, first invocations four times longer at 256 than at 1024 MB
        List<SizeResult> results = List.of(measured(256, 1200, 10, 120), measured(1024, 300, 10, 120));
        // THEN warm picks the smaller size, cold the larger: 300 ms × 1 GB costs the same as 1200 ms × 0.25 GB, but
        // 1200 ms is not within 10 % of 300 ms
        assertThat(SizeChoice.choose(results, SizeResult::warmMedianMs, ARM_PER_GB_SECOND).orElseThrow().memoryMb())
                .isEqualTo(256);
        assertThat(SizeChoice.choose(results, SizeResult::firstMs, ARM_PER_GB_SECOND).orElseThrow().memoryMb())
                .isEqualTo(1024);
    }

    @Test
    void usdPerMillion_billsTheDurationRoundedUpToTheMillisecond() {
        // Lambda bills duration in 1 ms increments (https://aws.amazon.com/lambda/pricing/)
        assertThat(SizeChoice.usdPerMillion(0.2, 1024, 1)).isEqualTo(SizeChoice.usdPerMillion(1.0, 1024, 1));
        assertThat(SizeChoice.usdPerMillion(1.01, 1024, 1)).isEqualTo(2 * SizeChoice.usdPerMillion(1.0, 1024, 1));
    }

    @Test
    void warmFigures_leaveOutTheFirstInvocationAndTheWarmup() {
        // GIVEN a first invocation of 500 ms, a warm-up one of 50 ms, then 3 ms, 4 ms, 9 ms
        SizeResult r = new SizeResult("ping", 512, 100, new double[] {500, 50, 3, 4, 9}, 1, 100 * 1024, 0, null);
        // THEN
        assertThat(r.firstMs()).isEqualTo(500);
        assertThat(r.warmMedianMs()).isEqualTo(4);
        assertThat(r.warmP99Ms()).isEqualTo(9);
    }
}
