package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Azure estimate against the platform's billing rules: Web PubSub units of 1,000 connections in counts of
 * 1/2/5/10/20/50/100 and outbound traffic in 2 KB messages, events to the upstream webhook included, 1 M messages a
 * unit a day included (https://learn.microsoft.com/azure/azure-web-pubsub/concept-billing-model); Flex Consumption's
 * on-demand executions and GB-seconds with a 1,000 ms minimum activity period
 * (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#billing); Table Storage transactions.
 */
class AzureModelTest {
    private static final PriceBook PRICES = PriceBook.defaults();
    private static final Blueprint DEV = Blueprint.reference(Environments.resolve("dev", Map.of()));

    private static Estimate estimate(TrafficProfile t, AzureDeployment d, Double peak) {
        return AzureModel.estimate(DEV, t, d, OpenConnections.of(t, peak), PRICES);
    }

    private static double quantity(Estimate e, String item) {
        return e.lines().stream().filter(l -> l.item().startsWith(item)).mapToDouble(LineItem::quantity).sum();
    }

    private static double usd(Estimate e, String item) {
        return e.lines().stream().filter(l -> l.item().startsWith(item)).mapToDouble(LineItem::monthlyUsd).sum();
    }

    @Test
    void units_areTheSmallestUnitCountThatHoldsThePeak_andWholeResourcesOf100Above() {
        assertThat(AzureModel.units(0)).isEqualTo(1);
        assertThat(AzureModel.units(1000)).isEqualTo(1);
        assertThat(AzureModel.units(1001)).isEqualTo(2);
        assertThat(AzureModel.units(2001)).isEqualTo(5);
        assertThat(AzureModel.units(20_001)).isEqualTo(50);
        assertThat(AzureModel.units(100_000)).isEqualTo(100);
        assertThat(AzureModel.units(100_001)).isEqualTo(200);
    }

    @Test
    void unitDays_followThePeak_whichDefaultsToTwiceTheAverage() {
        // GIVEN 50,000 users 30 minutes a day: 1,041.7 connections open on average
        TrafficProfile t = new TrafficProfile(50_000, 10, 1, 30, 1, 30, 1, 1, true, null, 0);
        // WHEN priced with the default peak and with a peak given
        Estimate byDefault = estimate(t, AzureDeployment.DEFAULTS, null);
        Estimate given = estimate(t, AzureDeployment.DEFAULTS, 9_000d);
        // THEN 2,083 at the peak need 5 units; 9,000 need 10; billed a unit-day each day
        assertThat(quantity(byDefault, AzureModel.UNITS)).isEqualTo(5 * 30);
        assertThat(quantity(given, AzureModel.UNITS)).isEqualTo(10 * 30);
        assertThat(usd(given, AzureModel.UNITS)).isCloseTo(10 * 30 * PRICES.get(PriceBook.AZ_UNIT_DAY).perUnit(),
                within(1e-9));
    }

    @Test
    void messages_countEveryEventToTheFunction_andEveryDelivery_in2KbUnits() {
        // GIVEN 1,000 users, 20 sends of 3 KB each to 4 recipients, 2 rooms per connection, a tenth acked, 10 days
        long users = 1000;
        double sends = 20;
        long fanout = 4;
        int days = 10;
        TrafficProfile t = new TrafficProfile(users, sends, fanout, 60, 3, days, 1, 2, true, null, 0.1);
        // WHEN
        Estimate e = estimate(t, AzureDeployment.DEFAULTS, null);
        // THEN each connection sends connect, connected and disconnected (1 message each), each send is a message
        // event of 3 KB + 1 KB of headers (2 messages), the second room's join frame is an event (1) and gets a
        // joined reply (1); each delivery of 3 KB is 2 messages; presence goes to 4 others on join and leave per room
        double connections = users * days;
        double sent = users * sends * days;
        assertThat(quantity(e, AzureModel.EVENTS)).isEqualTo(connections * 3 + sent * 2 + connections);
        assertThat(quantity(e, AzureModel.REPLIES)).isEqualTo(sent * 0.1 + connections);
        assertThat(quantity(e, AzureModel.DELIVERIES)).isEqualTo(sent * fanout * 2);
        assertThat(quantity(e, AzureModel.PRESENCE)).isEqualTo(connections * 2 * fanout * 2);
        // AND the included messages are 1 M a unit a day, never more than were sent
        double used = quantity(e, AzureModel.EVENTS) + quantity(e, AzureModel.REPLIES)
                + quantity(e, AzureModel.DELIVERIES) + quantity(e, AzureModel.PRESENCE);
        assertThat(quantity(e, AzureModel.MESSAGES_INCLUDED)).isEqualTo(-Math.min(used, 1 * 1_000_000d * days));
    }

    @Test
    void flexConsumption_billsASecondAtLeast_perActivityPeriod() {
        // GIVEN 100 users a day, one send each: 400 executions spread over a day, far apart
        TrafficProfile quiet = new TrafficProfile(100, 1, 1, 10, 1, 1, 1, 1, true, null, 0);
        // WHEN
        Estimate e = estimate(quiet, AzureDeployment.DEFAULTS, null);
        // THEN each execution is billed about the 1,000 ms minimum at 2 GB, not its 20 ms
        double gbSeconds = quantity(e, AzureModel.GB_SECONDS);
        assertThat(gbSeconds).isBetween(400 * 1.0 * 2 * 0.99, 400 * 1.0 * 2);
        assertThat(quantity(e, AzureModel.EXECUTIONS)).isEqualTo(400);
        // AND the free grant covers them: nothing to pay for executions or GB-seconds
        assertThat(e.lines().stream().filter(l -> l.item().contains("Functions")).mapToDouble(LineItem::monthlyUsd)
                .sum()).isCloseTo(0, within(1e-9));
    }

    @Test
    void flexConsumption_underSteadyLoad_billsTheInstanceAllTheTime_atItsMemory() {
        // GIVEN the seed scenario: about 60 executions a second, day and night
        TrafficProfile seed = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);
        // WHEN priced at 2,048 and at 4,096 MB
        Estimate two = estimate(seed, AzureDeployment.DEFAULTS, null);
        Estimate four = estimate(seed, new AzureDeployment(4096, 20), null);
        // THEN one instance runs all month: 30 days of seconds at its memory, less the 100,000 GB-s grant
        double seconds = 30 * 86_400d;
        assertThat(quantity(two, AzureModel.GB_SECONDS)).isCloseTo(seconds * 2, within(1.0));
        assertThat(quantity(four, AzureModel.GB_SECONDS)).isCloseTo(seconds * 4, within(1.0));
        assertThat(quantity(two, AzureModel.GB_SECONDS_INCLUDED)).isEqualTo(-100_000);
        assertThat(two.lines()).anySatisfy(l -> assertThat(l.item()).contains("1 x 2048 MB"));
        // AND executions are the 3 system events per connection and every send
        assertThat(quantity(two, AzureModel.EXECUTIONS)).isEqualTo(50_000 * 30 * 3 + 50_000 * 100 * 30d);
    }

    @Test
    void flexConsumption_addsInstances_whenExecutionsOutgrowTheConcurrency() {
        // GIVEN executions of 2 s: the seed's 60 a second keep 120 running at once, 16 an instance
        TrafficProfile seed = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);
        // WHEN
        Estimate e = estimate(seed, new AzureDeployment(2048, 2000), null);
        // THEN ceil(60 x 2 / 16) = 8 instances
        double rate = (50_000 * 30 * 3 + 50_000 * 100 * 30d) / (30 * 86_400d);
        int instances = (int) Math.ceil(rate * 2 / AzureDeployment.HTTP_CONCURRENCY);
        assertThat(e.lines()).anySatisfy(l -> assertThat(l.item()).contains(instances + " x 2048 MB"));
        assertThat(instances).isGreaterThan(1);
    }

    @Test
    void tableTransactions_followTheHandlersOperations() {
        // GIVEN 1,000 users with one room of 3 (under the page and presence limits) and 5 sends a day, 2 of 5 asking
        // for an ack, 1 day
        TrafficProfile t = new TrafficProfile(1000, 5, 2, 10, 1, 1, 1, 1, true, null, 0.4);
        // WHEN
        Estimate e = estimate(t, AzureDeployment.DEFAULTS, null);
        // THEN per connection, as azure/'s TableTransactionsTest counts the handler's requests:
        //   connect: slot query 1 r, slot insert, record and user row 3 w
        //   join on connect: back-reference and member row 2 w, counter 1 r + 1 w, members query 1 r
        //   disconnect: record 1 r, rooms query 1 r, two deletes (read + delete) 2 r + 2 w, slot query 1 r and its
        //   delete 1 r + 1 w; per room: two deletes 2 r + 2 w, counter 1 r + 1 w, user's connections query 1 r,
        //   presence query 1 r
        // per send: record 1 r, rate limit 1 r + 1 w, member check 1 r; with an ack the counter query 1 r
        double connections = 1000;
        double sends = 5000;
        double reads = connections * ((1) + (1 + 1) + (1 + 1 + 2 + 1 + 1 + (2 + 1 + 1 + 1))) + sends * 3
                + sends * 0.4 * 1;
        double writes = connections * ((3) + (2 + 1) + (2 + 1 + (2 + 1))) + sends * 1;
        assertThat(quantity(e, AzureModel.TABLE_READS)).isEqualTo(reads);
        assertThat(quantity(e, AzureModel.TABLE_WRITES)).isEqualTo(writes);
    }

    @Test
    void badValues_nameTheFlagAndTheFix() {
        assertThatThrownBy(() -> new AzureDeployment(1024, 20))
                .hasMessageStartingWith("--azure-instance-mb: 1024 is not a Flex Consumption instance size. Fix:");
        assertThatThrownBy(() -> new AzureDeployment(2048, 0))
                .hasMessageStartingWith("--azure-ms-per-execution: 0.0 is not above 0");
        TrafficProfile t = new TrafficProfile(1440, 1, 1, 10, 1, 1, 1, 1, true, null, 0);
        assertThatThrownBy(() -> OpenConnections.of(t, 5d))
                .hasMessageStartingWith("--peak-connections 5 is below the average of 10 connections open at once")
                .hasMessageContaining("Fix: give a peak of at least 10");
    }
}
