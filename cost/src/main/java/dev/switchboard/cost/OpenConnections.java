package dev.switchboard.cost;

import java.util.Locale;

/**
 * Connections open at once, for the platforms billed by capacity (Web PubSub units, Vercel instances): the average
 * is the day's connection minutes spread over the day ({@code users × minutes / 1440}); the peak, which sizes
 * capacity, is {@code --peak-connections} or {@link #PEAK_TO_AVERAGE} times the average.
 *
 * @param average connections open at once on average
 * @param peak    connections open at once at the day's peak
 * @param given   whether the peak was given ({@code --peak-connections}) rather than assumed
 */
record OpenConnections(double average, double peak, boolean given) {
    /**
     * Peak-to-average ratio of open connections when {@code --peak-connections} is not given: an assumption (a
     * daily curve whose busiest hour holds twice the mean), stated in docs/cost.md.
     */
    static final double PEAK_TO_AVERAGE = 2;

    static OpenConnections of(TrafficProfile t, Double peakConnections) {
        double average = t.dailyUsers() * t.minutesPerUser() / 1440d;
        if (peakConnections == null) {
            return new OpenConnections(average, average * PEAK_TO_AVERAGE, false);
        }
        if (!(peakConnections >= 0) || Double.isInfinite(peakConnections)) {
            throw new CostUsageException("--peak-connections must be 0 or more, got " + peakConnections);
        }
        if (peakConnections < average) {
            throw new CostUsageException(String.format(Locale.ROOT, "--peak-connections %.0f is below the"
                    + " average of %.0f connections open at once (daily users x minutes per user / 1440). Fix: give"
                    + " a peak of at least %.0f, or leave it out for %s times the average", peakConnections, average,
                    Math.ceil(average), (long) PEAK_TO_AVERAGE));
        }
        return new OpenConnections(average, peakConnections, true);
    }
}
