package dev.switchboard.bench.load;

import java.util.List;
import java.util.Locale;

/**
 * The soak's verdict on a series: flat when every value sampled at or after the warm-up lies within {@code tolerance}
 * (0.10 = 10 %) of the first of them. A leak shows as a series that keeps climbing; the warm-up (class loading, the JIT,
 * pools reaching their working size) is left out.
 *
 * @param reference  the first value at or after the warm-up (0 when there is none)
 * @param lowest     the smallest value from then on
 * @param highest    the largest value from then on
 * @param last       the last value
 * @param samples    how many values the verdict covers
 * @param flat       whether all of them lie within the tolerance of {@code reference}; false with fewer than 2 samples
 */
record Flatness(long reference, long lowest, long highest, long last, int samples, double tolerance, boolean flat) {

    /** The verdict over {@code values} sampled at {@code seconds}, leaving out those before {@code warmUpSeconds}. */
    static Flatness of(List<Double> seconds, List<Long> values, double warmUpSeconds, double tolerance) {
        long reference = 0;
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        long last = 0;
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            if (seconds.get(i) < warmUpSeconds) {
                continue;
            }
            long v = values.get(i);
            if (n++ == 0) {
                reference = v;
            }
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
            last = v;
        }
        if (n == 0) {
            return new Flatness(0, 0, 0, 0, 0, tolerance, false);
        }
        boolean flat = n >= 2 && highest <= reference * (1 + tolerance) && lowest >= reference * (1 - tolerance);
        return new Flatness(reference, lowest, highest, last, n, tolerance, flat);
    }

    /** The largest distance from the reference, as a share of it (0.07 = 7 %). */
    double maxDeviation() {
        return reference == 0 ? 0 : Math.max(highest - reference, reference - lowest) / (double) reference;
    }

    /** One line: {@code FLAT} or {@code NOT FLAT}, the band and the numbers behind it. */
    String verdict() {
        return String.format(Locale.ROOT, "%s within %.0f %% (%d samples after the warm-up: first %d, min %d, max %d,"
                        + " last %d; largest deviation %.1f %%)", flat ? "FLAT" : "NOT FLAT", tolerance * 100, samples,
                reference, lowest, highest, last, maxDeviation() * 100);
    }
}
