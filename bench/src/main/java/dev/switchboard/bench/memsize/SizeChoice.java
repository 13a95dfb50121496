package dev.switchboard.bench.memsize;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The memory size to give a function, from its measurements at several sizes. A measured duration is CPU only (the
 * benchmark answers DynamoDB and {@code @connections} at once), so each is taken with the route's wait on the network
 * added, as the cost module models it ({@code LambdaDurations.fixtureWaitMs}): on Lambda that wait is billed at every
 * size and no size shortens it, so a size that buys 1 ms of CPU on a 30 ms invocation buys a 3 % faster one. The rule:
 * <ol>
 *   <li>a size is a candidate when its instance ran every invocation and its peak resident set fits its memory;</li>
 *   <li>among the candidates, those whose billed duration (rounded up to the millisecond) is within
 *       {@value #TOLERANCE_PERCENT} % of the fastest candidate's are eligible (more memory that buys no more speed is
 *       not worth paying for, and less within the tolerance is the duration "not growing", allowing for the noise
 *       between runs; below a millisecond every size bills 1 ms, so a route that fast does not grow at any size);</li>
 *   <li>the choice is the eligible size with the lowest billed cost per invocation: the duration rounded up to the
 *       millisecond, as Lambda bills it (https://aws.amazon.com/lambda/pricing/), times the memory in GB (MB / 1024),
 *       times the price per GB-second of the function's architecture; a tie goes to the smaller size.</li>
 * </ol>
 * The duration is the warm mean for the warm choice (what the bill adds up: under a CPU quota the median of a small size
 * is one period's burst and hides the invocations that wait for the next period) and the first invocation after init
 * for the cold one, each plus the wait.
 */
final class SizeChoice {
    static final int TOLERANCE_PERCENT = 10;

    /** The chosen size, its duration with the wait, and its billed cost per million invocations (compute only). */
    record Choice(int memoryMb, double durationMs, double usdPerMillion) {
    }

    private SizeChoice() {
    }

    /** Billed compute of one invocation of {@code durationMs} at {@code memoryMb}, in USD per million. */
    static double usdPerMillion(double durationMs, int memoryMb, double usdPerGbSecond) {
        return Math.ceil(durationMs) / 1000 * (memoryMb / 1024.0) * usdPerGbSecond * 1_000_000;
    }

    /**
     * The choice among {@code results} (one route's sizes) by {@code duration} plus {@code waitMs}; empty when no size
     * fits.
     */
    static Optional<Choice> choose(List<SizeResult> results, ToDoubleFunction<SizeResult> duration, double waitMs,
                                   double usdPerGbSecond) {
        ToDoubleFunction<SizeResult> billed = r -> duration.applyAsDouble(r) + waitMs;
        List<SizeResult> candidates = results.stream().filter(SizeResult::fits)
                .filter(r -> !Double.isNaN(billed.applyAsDouble(r))).toList();
        double fastest = candidates.stream().mapToDouble(r -> Math.ceil(billed.applyAsDouble(r))).min()
                .orElse(Double.NaN);
        return candidates.stream()
                .filter(r -> Math.ceil(billed.applyAsDouble(r)) <= fastest * (1 + TOLERANCE_PERCENT / 100.0))
                .map(r -> new Choice(r.memoryMb(), billed.applyAsDouble(r),
                        usdPerMillion(billed.applyAsDouble(r), r.memoryMb(), usdPerGbSecond)))
                .min(Comparator.comparingDouble(Choice::usdPerMillion).thenComparingInt(Choice::memoryMb));
    }
}
