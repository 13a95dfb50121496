package dev.switchboard.bench.memsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.cost.LambdaDurations;
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
        SizeChoice.Choice warm = SizeChoice.choose(results, SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND)
                .orElseThrow();
        // THEN 512 MB: 2048's 9.8 ms is the fastest, 512's 10.5 ms is within 10 % of it, and 11 ms × 0.5 GB is the
        // least billed; 256 MB is cheaper per ms but four times slower
        assertThat(warm.memoryMb()).isEqualTo(512);
        assertThat(warm.usdPerMillion()).isCloseTo(11 / 1000.0 * 0.5 * ARM_PER_GB_SECOND * 1e6,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void choose_withTheRoutesWaitOnTheNetwork_picksTheSmallerSizeThatCpuAloneRulesOut() {
        // GIVEN disconnect's warm medians of the quiet run of 2026-12-06 (CPU only: DynamoDB and @connections answered
        // at once), and its wait on AWS as the cost model gives it for the benchmark's room of 10 (9 posts)
        List<SizeResult> results = List.of(measured(1024, 974, 33.64, 185), measured(1536, 606, 25.12, 185),
                measured(1769, 497, 26.18, 185), measured(2048, 439, 26.11, 186));
        double waitMs = LambdaDurations.fixtureWaitMs("disconnect", 9, 64);
        // WHEN
        SizeChoice.Choice cpuOnly = SizeChoice.choose(results, SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND)
                .orElseThrow();
        SizeChoice.Choice withWait = SizeChoice.choose(results, SizeResult::warmMedianMs, waitMs, ARM_PER_GB_SECOND)
                .orElseThrow();
        // THEN on CPU alone 1,024 MB is 31 % slower than the fastest (34 against 26 ms) and 1,536 MB is chosen; with
        // the wait the same 8.5 ms are about 10 % of the invocation, 1,024 MB is within the tolerance and the
        // cheapest
        assertThat(cpuOnly.memoryMb()).isEqualTo(1536);
        assertThat(withWait.memoryMb()).isEqualTo(1024);
        assertThat(withWait.durationMs()).isCloseTo(33.64 + waitMs, within(1e-9));
        assertThat(withWait.usdPerMillion()).isCloseTo(SizeChoice.usdPerMillion(33.64 + waitMs, 1024,
                ARM_PER_GB_SECOND), within(1e-12));
    }

    @Test
    void choose_belowAMillisecond_everySizeBillsOneMs_soTheSmallestThatFitsIsChosen() {
        // GIVEN ping as measured on 2026-12-06: 0.39 ms at 256 MB, 0.27 ms at 2,048 MB (44 % apart, both billed 1 ms)
        List<SizeResult> results = List.of(measured(256, 1294, 0.39, 88), measured(1024, 272, 0.30, 87),
                measured(2048, 116, 0.27, 87));
        // WHEN
        SizeChoice.Choice warm = SizeChoice.choose(results, SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND)
                .orElseThrow();
        // THEN 256 MB: the duration Lambda bills does not grow, and a quarter of the memory costs a quarter
        assertThat(warm.memoryMb()).isEqualTo(256);
    }

    @Test
    void choose_leavesOutSizesWhoseMemoryTheInstanceOutgrew_andFailedOnes() {
        // GIVEN 128 MB fastest but over its memory (150 MB resident), 256 MB failed (out of metaspace)
        List<SizeResult> results = List.of(measured(128, 100, 5, 150),
                SizeResult.failed("send", 256, "java.lang.OutOfMemoryError: Metaspace"), measured(1024, 300, 20, 140));
        // THEN the choice is the one that ran and fits
        assertThat(SizeChoice.choose(results, SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND))
                .hasValueSatisfying(c -> assertThat(c.memoryMb()).isEqualTo(1024));
        // AND with nothing that fits there is no choice
        assertThat(SizeChoice.choose(results.subList(0, 2), SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND)).isEmpty();
    }

    @Test
    void choose_onTheFirstInvocation_judgesTheColdDurationApart() {
        // GIVEN warm durations equal everywhere, first invocations four times longer at 256 than at 1024 MB
        List<SizeResult> results = List.of(measured(256, 1200, 10, 120), measured(1024, 300, 10, 120));
        // THEN warm picks the smaller size, cold the larger: 300 ms × 1 GB costs the same as 1200 ms × 0.25 GB, but
        // 1200 ms is not within 10 % of 300 ms
        assertThat(SizeChoice.choose(results, SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND).orElseThrow().memoryMb())
                .isEqualTo(256);
        assertThat(SizeChoice.choose(results, SizeResult::firstMs, 0, ARM_PER_GB_SECOND).orElseThrow().memoryMb())
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
        assertThat(r.warmMeanMs()).isEqualTo(16 / 3.0);
    }

    @Test
    void warmChoice_byTheMean_countsTheInvocationsThatWaitedForTheNextQuotaPeriod() {
        // GIVEN a small size whose median is one period's burst (5 ms) but whose every third invocation waited 70 ms
        // for its next CPU period, and a large size at 5 ms throughout
        double[] throttled = {900, 50, 5, 5, 75, 5, 5, 75, 5, 5, 75};
        double[] steady = {300, 50, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        List<SizeResult> results = List.of(new SizeResult("send", 512, 100, throttled, 1, 150 * 1024, 90, null),
                new SizeResult("send", 2048, 100, steady, 1, 150 * 1024, 5, null));
        // WHEN chosen by the median and by the mean
        int byMedian = SizeChoice.choose(results, SizeResult::warmMedianMs, 0, ARM_PER_GB_SECOND).orElseThrow()
                .memoryMb();
        int byMean = SizeChoice.choose(results, SizeResult::warmMeanMs, 0, ARM_PER_GB_SECOND).orElseThrow()
                .memoryMb();
        // THEN the median takes the small size, which bills 28 ms on average; the mean sees it and takes the large one
        assertThat(byMedian).isEqualTo(512);
        assertThat(byMean).isEqualTo(2048);
    }
}
