package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Vercel estimate against Fluid compute's meters (https://vercel.com/docs/fluid-compute/pricing: active CPU,
 * provisioned memory for an instance's lifetime, invocations; Pro's included amounts) and the function's own
 * behaviour: a connection ends at the maximum duration and the client reconnects and joins again (docs/vercel.md).
 */
class VercelModelTest {
    private static final PriceBook PRICES = PriceBook.defaults();
    private static final Blueprint DEV = Blueprint.reference(Environments.resolve("dev", Map.of()));
    private static final RedisCommands REDIS = new RedisCommands(DEV.limits().presenceMaxMembers());

    private static Estimate estimate(TrafficProfile t, VercelDeployment d) {
        return VercelModel.estimate(DEV, t, d, OpenConnections.of(t, null), PRICES);
    }

    private static double quantity(Estimate e, String item) {
        return e.lines().stream().filter(l -> l.item().startsWith(item)).mapToDouble(LineItem::quantity).sum();
    }

    @Test
    void reconnects_areCounted_asInvocations() {
        // GIVEN 30-minute sessions: 1,800 s against connections of 295 s (300 s less the 5 s close margin)
        TrafficProfile t = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);
        // WHEN priced at the default 300 s and at Pro's 800 s
        Estimate at300 = estimate(t, VercelDeployment.DEFAULTS);
        Estimate at800 = estimate(t, new VercelDeployment(800, 2048, 1000));
        // THEN ceil(1800 / 295) = 7 and ceil(1800 / 795) = 3 upgrades per session
        double sessions = 50_000 * 30d;
        assertThat(quantity(at300, VercelModel.INVOCATIONS)).isEqualTo(sessions * Math.ceil(1800 / 295d));
        assertThat(quantity(at800, VercelModel.INVOCATIONS)).isEqualTo(sessions * Math.ceil(1800 / 795d));
        // AND the first million a month is Pro's
        assertThat(quantity(at300, VercelModel.INVOCATIONS_INCLUDED)).isEqualTo(-1_000_000);
    }

    @Test
    void redisCommands_areTheFunctionsCommands_perHandshakeSendAndHeartbeat() {
        // GIVEN 1,000 users a day in rooms of 3, 10 sends each, 4-minute sessions (one connection each), 1 day
        TrafficProfile t = new TrafficProfile(1000, 10, 2, 4, 1, 1, 1, 1, true, null, 0);
        // WHEN
        Estimate e = estimate(t, VercelDeployment.DEFAULTS);
        // THEN each connection subscribes and registers (3), joins its room with presence (4), closes with presence
        // (UNSUBSCRIBE x2, sbLeave, PUBLISH, MULTI SREM SREM EXEC: 8); each send is sbAdmit and one publish (2); the
        // one instance beats every 5 s (ZADD, ZRANGEBYSCORE) while it holds connections: 2.8 open on average
        double heartbeats = 86_400 / 5d * 2 * (1 - Math.exp(-1000 * 4 / 1440d));
        assertThat(quantity(e, VercelModel.REDIS_COMMANDS)).isEqualTo(1000 * (3 + 4 + 8) + 10_000 * 2 + heartbeats);
        assertThat(REDIS.send()).isEqualTo(2);
    }

    @Test
    void provisionedMemory_isTheInstancesHoldingConnections_allMonth_lessPro() {
        // GIVEN 2,083 connections at the peak: 3 instances of 2 GB, each holding connections nearly all the time
        TrafficProfile t = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);
        // WHEN
        Estimate e = estimate(t, VercelDeployment.DEFAULTS);
        // THEN 3 x 2 GB x 720 h, less the 1,440 GB-h of Pro
        double average = 50_000 * 30 / 1440d;
        double expected = 3 * 2 * 720 * (1 - Math.exp(-average / 3));
        assertThat(quantity(e, VercelModel.MEMORY)).isCloseTo(expected, within(1e-6));
        assertThat(quantity(e, VercelModel.MEMORY_INCLUDED)).isEqualTo(-1440);
        assertThat(e.lines()).anySatisfy(l -> assertThat(l.item()).contains("(3 x 2048 MB)"));
    }

    @Test
    void allowances_neverExceedWhatWasUsed() {
        // GIVEN a tiny month: 10 users, one send each, one day
        TrafficProfile t = new TrafficProfile(10, 1, 1, 5, 1, 1, 1, 1, true, null, 0);
        // WHEN
        Estimate e = estimate(t, VercelDeployment.DEFAULTS);
        // THEN the plan's seat is all that is paid for compute (Redis is billed by the command from the first)
        assertThat(quantity(e, VercelModel.INVOCATIONS_INCLUDED)).isEqualTo(-quantity(e, VercelModel.INVOCATIONS));
        assertThat(quantity(e, VercelModel.CPU_INCLUDED)).isEqualTo(-quantity(e, VercelModel.CPU));
        double compute = e.lines().stream().filter(l -> !l.item().contains("Redis")).mapToDouble(LineItem::monthlyUsd)
                .sum();
        assertThat(compute).isCloseTo(PRICES.get(PriceBook.VERCEL_PRO_SEAT).perUnit(), within(1e-9));
    }

    @Test
    void badValues_nameTheFlagAndTheFix() {
        assertThatThrownBy(() -> new VercelDeployment(5, 2048, 1000))
                .hasMessageStartingWith("--max-duration: 5 s is not above the close margin of 5 s and at most 800 s");
        assertThatThrownBy(() -> new VercelDeployment(900, 2048, 1000))
                .hasMessageContaining("Fix: give the function's");
        assertThatThrownBy(() -> new VercelDeployment(300, 2048, 0))
                .hasMessageStartingWith("--connections-per-instance: 0 is below 1. Fix:");
    }
}
