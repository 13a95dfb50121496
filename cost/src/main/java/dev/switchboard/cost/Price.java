package dev.switchboard.cost;

/**
 * One price from the price file.
 *
 * @param key    the price's key, e.g. {@code lambda.request}
 * @param usd    US dollars for {@code per} units
 * @param per    how many units {@code usd} buys (1,000,000 for "per million")
 * @param unit   what is counted, e.g. {@code requests}
 * @param source where the price was transcribed from
 * @param date   when it was transcribed
 */
public record Price(String key, double usd, double per, String unit, String source, String date) {
    public Price {
        if (!(usd >= 0) || Double.isInfinite(usd)) {
            throw new CostUsageException("price " + key + ": usd must be a number >= 0, got " + usd);
        }
        if (!(per > 0) || Double.isInfinite(per)) {
            throw new CostUsageException("price " + key + ": per must be a number > 0, got " + per);
        }
        if (unit == null || unit.isBlank()) {
            throw new CostUsageException("price " + key + ": unit is missing");
        }
        if (source == null || source.isBlank() || date == null || date.isBlank()) {
            throw new CostUsageException("price " + key + ": every price needs a source and a date");
        }
    }

    /**
     * Whether the price was read on its official page: a source that says "unverified" took it from a secondary
     * source (a third party's quote, or an official page whose prices render only in a browser).
     */
    public boolean verified() {
        return !source.contains("unverified");
    }

    /** Dollars for one unit. */
    public double perUnit() {
        return usd / per;
    }
}
