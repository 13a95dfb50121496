package dev.switchboard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load comparison at a tenth of its scale: both servers, 10 pairs and 100 sends, a room of 100, 200 then 1,000
 * held connections. Installs bench/peers on first use.
 */
class LoadComparisonSmokeTest {

    @Test
    void loadComparison_atATenth_measuresEveryScenarioOnBothServers() throws Exception {
        // GIVEN / WHEN
        Map<String, Map<String, Object>> r = LoadComparison.run(0.1, null, 4L << 30);
        // THEN every scenario produced its figures on both sides (serverless-offline drops some handshakes under
        // load, so its counts may fall short; whether a broadcast reaches every member is a measured outcome), and
        // the local API delivered every 2-member send and held every connection
        assertThat(r).containsOnlyKeys("switchboard local", "serverless-offline");
        for (Map<String, Object> server : r.values()) {
            assertThat(server).doesNotContainKey("error");
            assertThat(((Number) server.get("rtt.sends")).intValue()).isPositive();
            assertThat(((Number) server.get("rtt.deliveryP99Ms")).doubleValue()).isPositive();
            assertThat(((Number) server.get("broadcast.members")).intValue()).isPositive();
            assertThat(server).containsKey("broadcast.fewestReceived");
            assertThat(((Number) server.get("handshakes.perSecond")).doubleValue()).isPositive();
            assertThat(server).containsKeys("hold.200.bytesPerConnection", "hold.1000.held", "peakRssBytes");
        }
        Map<String, Object> local = r.get("switchboard local");
        assertThat(((Number) local.get("rtt.sends")).intValue()).isEqualTo(100);
        assertThat(((Number) local.get("rtt.lost")).intValue()).isZero();
        assertThat(((Number) local.get("hold.1000.held")).intValue()).isEqualTo(1000);
    }
}
