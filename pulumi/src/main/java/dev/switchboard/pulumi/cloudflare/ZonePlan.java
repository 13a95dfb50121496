package dev.switchboard.pulumi.cloudflare;

import dev.switchboard.blueprint.BlueprintException;

import java.util.Locale;

/**
 * The zone's plan decides which periods a rate-limiting rule may count over (Cloudflare's availability table,
 * https://developers.cloudflare.com/waf/rate-limiting-rules/#availability): Free 10 s; Pro also 1 minute; Business
 * also 10 minutes; Enterprise also 2 minutes, 5 minutes and 1 hour. The AWS web ACL's rule counts over 5 minutes
 * (blueprint {@code wafRatePerIp}), which only Enterprise offers; other plans get the nearest period the plan has,
 * with the blueprint's rate scaled to it (rounded up, so the rule never blocks below the AWS rate).
 */
public enum ZonePlan {
    FREE(10), PRO(60), BUSINESS(600), ENTERPRISE(300);

    /** The AWS web ACL's window, over which {@code wafRatePerIp} is counted. */
    public static final int AWS_WINDOW_SECONDS = 300;
    private final int period;

    ZonePlan(int period) {
        this.period = period;
    }

    /** The period the rendered rule counts over on this plan. */
    public int period() {
        return period;
    }

    /** {@code wafRatePerIp} (requests per 5 minutes) as requests per {@link #period()}. */
    public int requestsPerPeriod(int wafRatePerIp) {
        return Math.max(1, (int) Math.ceil(wafRatePerIp * (double) period / AWS_WINDOW_SECONDS));
    }

    public static ZonePlan parse(String field, String v) {
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BlueprintException(field, "'" + v + "' is not a Cloudflare plan",
                    "set it to free, pro, business or enterprise (the zone's plan)");
        }
    }
}
