package dev.switchboard.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load comparison at a tenth of its scale: both servers, 10 pairs and 100 sends, a room of 100, 200 then 1,000
 * held connections. Installs bench/peers on first use.
 */
class LoadComparisonSmokeTest {

    @Test
    @SuppressWarnings("unchecked")
    void loadComparison_atATenth_measuresBothServersInOneRun() throws Exception {
        // GIVEN / WHEN
        Map<String, Map<String, Object>> r = LoadComparison.run(0.1, null, 4L << 30);
        // THEN the local API ran every scenario: every 2-member send delivered, every connection held, a broadcast
        // measured (whether it reaches every member is a measured outcome)
        assertThat(r).containsOnlyKeys("switchboard local", "serverless-offline");
        Map<String, Object> local = r.get("switchboard local");
        assertThat(local).doesNotContainKey("error");
        assertThat(((Number) local.get("handshakes.perSecond")).doubleValue()).isPositive();
        assertThat(((Number) local.get("hold.200.held")).intValue()).isEqualTo(200);
        assertThat(((Number) local.get("hold.1000.held")).intValue()).isEqualTo(1000);
        assertThat(local).containsKeys("hold.200.bytesPerConnection", "peakRssBytes", "broadcast.fewestReceived");
        assertThat(((Number) local.get("rtt.sends")).intValue()).isEqualTo(100);
        assertThat(((Number) local.get("rtt.lost")).intValue()).isZero();
        assertThat(((Number) local.get("rtt.deliveryP99Ms")).doubleValue()).isPositive();
        // AND the ping ran on the held connections with no table access, its 1,000 closes were timed, and the
        // handshakes' table operations were counted from dynalite: per handshake the user's connection slot (one
        // consistent Query and one conditional PutItem, docs/data-model.md) and the connection record (one PutItem);
        // the local API's TTL sweep (a Scan every 60 s) may fall inside the ping's window, and is no ping's doing
        assertThat(((Number) local.get("ping.pings")).intValue()).isEqualTo(1000);
        assertThat(((Number) local.get("ping.lost")).intValue()).isZero();
        Map<String, Object> pingOps = new java.util.HashMap<>((Map<String, Object>) local.get("ping.tableOps"));
        pingOps.remove("Scan");
        assertThat(pingOps).isEmpty();
        assertThat(local.get("handshakes.tableOps")).isEqualTo(Map.of("PutItem", 400L, "Query", 200L));
        assertThat(local.get("drain.ping.closes")).isEqualTo(1000);
        assertThat(((Number) local.get("drain.ping.seconds")).doubleValue()).isPositive();
        assertThat(local).containsKey("rssAfterLeave60sBytes");
        // AND serverless-offline was measured in the same run (it fails some handshakes under load, and the
        // comparison stops its driver if its memory passes the cap while it drains the $disconnects)
        Map<String, Object> peer = r.get("serverless-offline");
        assertThat(peer).doesNotContainKey("error");
        assertThat(((Number) peer.get("handshakes.perSecond")).doubleValue()).isPositive();
        assertThat(peer).containsKeys("hold.200.held", "hold.200.bytesPerConnection", "peakRssBytes");
        // AND at equal table work: the peer's handshakes make the local API's calls (the slot's Query and PutItem,
        // the record's PutItem), counted by its own dynalite per handshake it opened; a handshake it failed under
        // load may have made some of them, hence the margin
        Map<String, Double> localCalls = callsPerHandshake(local);
        Map<String, Double> peerCalls = callsPerHandshake(peer);
        assertThat(peerCalls).containsOnlyKeys(localCalls.keySet());
        localCalls.forEach((op, n) -> assertThat(peerCalls.get(op)).as(op).isCloseTo(n, within(0.05)));
    }

    /** The counted table calls per handshake by operation, the local API's TTL sweep (Scan) left out. */
    private static Map<String, Double> callsPerHandshake(Map<String, Object> server) {
        String prefix = "handshakes.tableCallsPerHandshake.";
        Map<String, Double> calls = new java.util.TreeMap<>();
        server.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.equals(prefix + "Scan")) {
                calls.put(k.substring(prefix.length()), ((Number) v).doubleValue());
            }
        });
        return calls;
    }
}
