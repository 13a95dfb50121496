package dev.switchboard.bench.memsize;

import java.util.Arrays;

/**
 * What one function instance of one route did at one memory size: its init, each invocation's wall time in order
 * (the first is the first invocation after init), its peak resident set, and the periods its cgroup was throttled;
 * or, when the instance failed (an {@link OutOfMemoryError} at a small size, a timeout), why.
 *
 * @param warmup invocations after the first that the warm figures ({@link #warmMeanMs()}, {@link #warmMedianMs()},
 *               {@link #warmP99Ms()}) leave out (the JIT compiling the request path)
 */
record SizeResult(String route, int memoryMb, double initMs, double[] durationsMs, int warmup, long peakRssKb,
                  long throttledPeriods, String failure) {

    static SizeResult failed(String route, int memoryMb, String failure) {
        return new SizeResult(route, memoryMb, Double.NaN, new double[0], 0, -1, 0, failure);
    }

    boolean ok() {
        return failure == null;
    }

    /** Ran to the end and its peak resident set fits the function's memory. */
    boolean fits() {
        return ok() && peakRssKb <= memoryMb * 1024L;
    }

    /** The first invocation after init, in ms. */
    double firstMs() {
        return ok() ? durationsMs[0] : Double.NaN;
    }

    /**
     * The mean of the warm invocations: what the bill adds up. Under a CPU quota an invocation that runs out of its
     * period's share waits for the next period, so at small sizes the median (one period's burst) can look like a
     * large size's while the mean carries the waits.
     */
    double warmMeanMs() {
        return ok() && durationsMs.length > 1 + warmup
                ? Arrays.stream(durationsMs, 1 + warmup, durationsMs.length).average().orElse(Double.NaN)
                : Double.NaN;
    }

    double warmMedianMs() {
        return percentile(0.5);
    }

    double warmP99Ms() {
        return percentile(0.99);
    }

    /** Nearest-rank percentile of the warm invocations (after the first and the warm-up). */
    private double percentile(double p) {
        if (!ok() || durationsMs.length <= 1 + warmup) {
            return Double.NaN;
        }
        double[] warm = Arrays.copyOfRange(durationsMs, 1 + warmup, durationsMs.length);
        Arrays.sort(warm);
        return warm[Math.max(0, (int) Math.ceil(p * warm.length) - 1)];
    }
}
