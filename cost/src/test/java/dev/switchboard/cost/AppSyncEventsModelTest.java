package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The AppSync Events reference column, against AppSync's pricing (https://aws.amazon.com/appsync/pricing/): Event
 * API operations (connection requests, subscribes, publishes, deliveries, in 5 KB units) and connection minutes.
 */
class AppSyncEventsModelTest {
    private static final PriceBook PRICES = PriceBook.defaults();
    /** The seed scenario of docs/cost.md: 50,000 daily users, 100 messages each to one other member, 30 minutes. */
    private static final TrafficProfile SEED = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);

    private static double quantity(Estimate e, String item) {
        return e.line(item).quantity();
    }

    @Test
    void seed_countsAnOperationPerConnectSubscribePublishAndDelivery() {
        // GIVEN the seed: 1.5 M connections into one room each, 150 M sends to one other member, 45 M minutes
        // WHEN
        Estimate e = AppSyncEventsModel.estimate(SEED, PRICES);
        // THEN
        assertThat(quantity(e, AppSyncEventsModel.CONNECTS)).isEqualTo(1_500_000);
        assertThat(quantity(e, AppSyncEventsModel.SUBSCRIBES)).isEqualTo(1_500_000);
        assertThat(quantity(e, AppSyncEventsModel.PUBLISHES)).isEqualTo(150_000_000);
        assertThat(quantity(e, AppSyncEventsModel.DELIVERIES)).isEqualTo(150_000_000);
        assertThat(quantity(e, AppSyncEventsModel.CONNECTION_MINUTES)).isEqualTo(45_000_000);
        // AND 303 M operations at $1 a million plus 45 M minutes at $0.08 a million
        assertThat(e.totalUsd()).isCloseTo(303 * 1.00 + 45 * 0.08, within(1e-6));
    }

    @Test
    void deliveriesGrowWithTheFanout_andEveryMessageIsMeteredInFiveKbUnits() {
        // GIVEN rooms of 11 and 6 KB messages
        TrafficProfile t = new TrafficProfile(1000, 10, 10, 30, 6, 1, 1, 2, true, null, 0);
        // WHEN
        Estimate e = AppSyncEventsModel.estimate(t, PRICES);
        // THEN each of the 10,000 sends is 2 units published and 10 x 2 delivered; two subscribes per connection
        assertThat(quantity(e, AppSyncEventsModel.PUBLISHES)).isEqualTo(20_000);
        assertThat(quantity(e, AppSyncEventsModel.DELIVERIES)).isEqualTo(200_000);
        assertThat(quantity(e, AppSyncEventsModel.SUBSCRIBES)).isEqualTo(2_000);
    }

    @Test
    void aPriceFileWithoutTheAppSyncPrices_namesTheMissingKey() {
        // GIVEN a price file with only the required AWS prices
        PriceBook aws = PriceBook.parse(("{\"prices\":{" + String.join(",", PriceBook.REQUIRED.stream()
                .map(k -> "\"" + k + "\":{\"usd\":1,\"per\":1,\"unit\":\"u\",\"source\":\"s\",\"date\":\"2026-12-06\"}")
                .toList()) + "}}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "prices.json");
        // WHEN / THEN
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppSyncEventsModel.estimate(SEED, aws))
                .isInstanceOf(CostUsageException.class).hasMessageContaining("\"" + PriceBook.APPSYNC_OPERATION + "\"");
    }
}
