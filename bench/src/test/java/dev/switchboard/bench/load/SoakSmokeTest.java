package dev.switchboard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The soak in a minute per target: 100 connections in rooms of 20, 20 % reconnecting every 10 s, a sample every 10 s,
 * on the local API and on workerd. It checks that the harness works (samples, reconnections, the state checks), not
 * that the servers are flat: a minute on a busy machine says nothing about that.
 */
class SoakSmokeTest {

    @Test
    void soak_forAMinute_samplesReconnectsAndFindsTheStateBackToTheLiveConnections() throws Exception {
        // GIVEN
        SoakOptions o = SoakOptions.parse("--connections", "100", "--reconnect-share", "0.2", "--reconnect-seconds",
                "10", "--minutes", "1", "--sample-seconds", "10", "--warmup-minutes", "0.25");
        // WHEN
        Map<String, Map<String, Object>> r = SoakBenchmark.run(o);
        System.out.print(SoakReport.report(r, o));
        // THEN both targets ran, were sampled from the start to the end, and reconnected about 20 every 10 s
        assertThat(r).containsOnlyKeys("switchboard local", "workerd (Cloudflare)");
        for (Map.Entry<String, Map<String, Object>> e : r.entrySet()) {
            Map<String, Object> t = e.getValue();
            assertThat(t).as(e.getKey()).doesNotContainKey("error");
            assertThat(t.get("initialOpened")).as(e.getKey()).isEqualTo(100);
            List<?> samples = (List<?>) t.get("samples");
            assertThat(samples).as(e.getKey()).hasSizeGreaterThanOrEqualTo(6);
            SoakSample last = (SoakSample) samples.get(samples.size() - 1);
            assertThat(last.rssBytes()).as(e.getKey()).isPositive();
            assertThat(last.openFds()).as(e.getKey()).isPositive();
            assertThat(((Number) t.get("reconnections")).longValue()).as(e.getKey()).isGreaterThanOrEqualTo(60);
            assertThat(last.reconnections()).as(e.getKey()).isEqualTo(t.get("reconnections"));
            assertThat(((Flatness) t.get("rss")).samples()).as(e.getKey()).isGreaterThanOrEqualTo(4);
            // AND the server's rooms count exactly the connections still open
            assertThat(t.get("roomsChecked")).as(e.getKey()).isEqualTo(5);
            assertThat(t.get("roomsMismatched")).as(e.getKey()).isEqualTo(0);
        }
        // AND the local API's table is back to the live connections once the churn stopped, and empty of connections
        // once they all closed (the room count buckets stay until their TTL: docs/data-model.md)
        Map<String, Object> local = r.get("switchboard local");
        // each connection is its own user here: its record, its two membership items, its user's connection slot and
        // its user's rate item (docs/data-model.md)
        assertThat(local.get("itemsPerConnection")).isEqualTo(5.0);
        assertThat(local.get("after.connectionRecords")).isEqualTo(local.get("after.liveConnections"));
        assertThat(local.get("after.tableMatchesLive")).isEqualTo(true);
        assertThat(local.get("afterClose.itemsBesideCountBuckets")).as("left: %s", local.get("afterClose.leftovers"))
                .isEqualTo(0L);
        SoakSample localFirst = (SoakSample) ((List<?>) local.get("samples")).get(0);
        assertThat(localFirst.connectionRecords()).isEqualTo(100);
    }
}
