package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Cloudflare estimate, against Cloudflare's pricing rules
 * (https://developers.cloudflare.com/durable-objects/platform/pricing/,
 * https://developers.cloudflare.com/workers/platform/pricing/): incoming WebSocket messages billed 20:1, every call
 * into a Durable Object a request, duration at 128 MB an object only while it runs when it can hibernate and all the
 * time it holds a socket when it cannot, the Workers Paid plan's $5 minimum and allowances.
 */
class CloudflareModelTest {
    private static final PriceBook PRICES = PriceBook.defaults();
    private static final Blueprint DEV = Blueprint.reference(Environments.resolve("dev", Map.of()));
    /** The seed scenario of docs/cost.md: 50,000 daily users, 100 messages each to one other member, 30 minutes. */
    private static final TrafficProfile SEED = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);

    private static Estimate estimate(TrafficProfile t, CloudflareDeployment d) {
        return CloudflareModel.estimate(DEV, t, d, PRICES);
    }

    private static double usd(Estimate e, String item) {
        return e.lines().stream().filter(l -> l.item().startsWith(item)).mapToDouble(LineItem::monthlyUsd).sum();
    }

    private static double quantity(Estimate e, String item) {
        return e.lines().stream().filter(l -> l.item().startsWith(item)).mapToDouble(LineItem::quantity).sum();
    }

    @Test
    void incomingMessages_areBilledTwentyToOne() {
        // GIVEN the seed: 150 M sends and 1.5 M close events reach the shards as incoming WebSocket messages
        // WHEN
        Estimate e = estimate(SEED, CloudflareDeployment.DEFAULTS);
        // THEN they are 151.5 M / 20 = 7.575 M billed requests, at $0.15 a million
        assertThat(quantity(e, CloudflareModel.DO_MESSAGES)).isCloseTo(151_500_000 / 20d, within(1e-3));
        assertThat(usd(e, CloudflareModel.DO_MESSAGES)).isCloseTo(7.575 * 0.15, within(1e-9));
    }

    @Test
    void everyCallBetweenObjectsIsBilled_soTheFanOutGrowsWithTheShardsAroomSpans() {
        // GIVEN a room of 11 on 64 shards and on 1 shard
        TrafficProfile t = new TrafficProfile(1000, 10, 10, 30, 1, 1, 1, 1, true, null, 0);
        // WHEN
        double on64 = quantity(estimate(t, new CloudflareDeployment(64, "pro", true, 10)), CloudflareModel.DO_ROOM_TO_SHARD);
        double on1 = quantity(estimate(t, new CloudflareDeployment(1, "pro", true, 10)), CloudflareModel.DO_ROOM_TO_SHARD);
        // THEN each of the 10,000 sends is one deliver per shard with members: 64 (1 - (63/64)^11) on 64 shards,
        // 1 on one shard (plus the presence of 1,000 joins and leaves)
        double k = 64 * (1 - Math.pow(63 / 64d, 11));
        assertThat(on64).isCloseTo(10_000 * k + 2_000 * k, within(1e-6));
        assertThat(on1).isCloseTo(10_000 + 2_000, within(1e-9));
    }

    @Test
    void withoutHibernation_eachShardIsBilledTheWholeMonth_withItOnlyWhileRunning() {
        // GIVEN the seed, about 1,042 connections open at once over 64 shards (16 each)
        // WHEN priced with and without hibernation
        Estimate hibernating = estimate(SEED, CloudflareDeployment.DEFAULTS);
        Estimate awake = estimate(SEED, new CloudflareDeployment(64, "pro", false, 10));
        // THEN without it every shard holds a socket nearly all the time: 64 x 30 days x 0.125 GB = 20.7 M GB-s;
        // with it a shard is billed for its ~2.9 events a second x 10 ms: under 3 % of that
        double month = 64 * 30 * 86_400 * 0.125;
        double awakeGbS = quantity(awake, CloudflareModel.DO_SHARD_DURATION);
        double hibernatingGbS = quantity(hibernating, CloudflareModel.DO_SHARD_DURATION);
        assertThat(awakeGbS).isCloseTo(month, within(month * 1e-6));
        assertThat(hibernatingGbS).isLessThan(0.03 * month).isGreaterThan(0.02 * month);
        // rooms hold no sockets: the same either way
        assertThat(quantity(awake, CloudflareModel.DO_ROOM_DURATION))
                .isEqualTo(quantity(hibernating, CloudflareModel.DO_ROOM_DURATION));
        assertThat(awake.totalUsd() - hibernating.totalUsd())
                .isCloseTo((awakeGbS - hibernatingGbS) * 12.50 / 1e6, within(0.01));
    }

    @Test
    void noTraffic_costsThePlanMinimumAndTheZonePlan() {
        // GIVEN nobody connects
        TrafficProfile none = new TrafficProfile(0, 0, 1, 0, 1, 30, 1, 1, true, null, 0);
        // WHEN priced on the free zone plan and on the default pro
        // THEN the Workers Paid plan's $5 a month is the floor; allowances never turn into credits
        assertThat(estimate(none, new CloudflareDeployment(64, "free", true, 10)).totalUsd()).isEqualTo(5.0);
        assertThat(estimate(none, CloudflareDeployment.DEFAULTS).totalUsd()).isEqualTo(25.0);
        TrafficProfile tiny = new TrafficProfile(10, 2, 3, 5, 1, 1, 1, 1, true, null, 0);
        assertThat(estimate(tiny, new CloudflareDeployment(4, "free", true, 10)).totalUsd())
                .isCloseTo(5.0, within(1e-9));
    }

    @Test
    void allowances_areAtMostWhatTheyCover() {
        // GIVEN the seed: 1.5 M upgrades (under 10 M included), 465 M DO requests (over 1 M included)
        Estimate e = estimate(SEED, CloudflareDeployment.DEFAULTS);
        // THEN the upgrades are free, the requests' allowance is exactly 1 M
        assertThat(usd(e, CloudflareModel.WORKER_REQUESTS) + usd(e, CloudflareModel.WORKER_REQUESTS_INCLUDED))
                .isCloseTo(0, within(1e-12));
        assertThat(e.line(CloudflareModel.WORKER_REQUESTS_INCLUDED).quantity()).isEqualTo(-1_500_000);
        assertThat(e.line(CloudflareModel.DO_REQUESTS_INCLUDED).quantity()).isEqualTo(-1_000_000);
        assertThat(e.line(CloudflareModel.DO_DURATION_INCLUDED).quantity()).isEqualTo(-400_000);
    }

    @Test
    void seedScenario_isTheFigureOfDocsCostMd() {
        // GIVEN the seed on the default deployment (64 shards, pro zone plan, hibernation)
        // WHEN
        Estimate e = estimate(SEED, CloudflareDeployment.DEFAULTS);
        // THEN docs/cost.md's total and its largest lines
        assertThat(e.totalUsd()).isCloseTo(99.13, within(0.005));
        assertThat(usd(e, CloudflareModel.DO_SHARD_TO_ROOM)).isCloseTo(22.95, within(0.005));
        assertThat(usd(e, CloudflareModel.DO_ROOM_TO_SHARD)).isCloseTo(45.54, within(0.005));
        // and below the AWS estimate of the same profile
        assertThat(e.totalUsd()).isLessThan(CostModel.estimate(DEV, SEED, PRICES).totalUsd() / 5);
    }

    @Test
    void enterprisePlan_withoutAPrice_isRefusedWithTheFix() {
        TrafficProfile none = new TrafficProfile(0, 0, 1, 0, 1, 30, 1, 1, true, null, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> estimate(none, new CloudflareDeployment(64, "enterprise", true, 10)))
                .isInstanceOf(CostUsageException.class)
                .hasMessageContaining("--cloudflare-plan enterprise")
                .hasMessageContaining("Fix:");
    }
}
