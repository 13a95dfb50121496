package dev.switchboard.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak's results as text: the series per target, the flatness verdicts and the state checks. */
final class SoakReport {
    private SoakReport() {
    }

    /** One sample as a line of the series. */
    static String line(SoakSample s) {
        return String.format(Locale.ROOT, "t=%7.1fs rss=%6.1f MiB fds=%6d live=%6d reconnections=%7d%s", s.seconds(),
                s.rssBytes() / 1048576.0, s.openFds(), s.liveConnections(), s.reconnections(),
                s.tableItems() < 0 ? "" : String.format(Locale.ROOT, " table: items=%d connectionRecords=%d"
                        + " countBuckets=%d", s.tableItems(), s.connectionRecords(), s.roomCountBuckets()));
    }

    /** Every target's series and verdicts. */
    static String report(Map<String, Map<String, Object>> results, SoakOptions o) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "soak: %d connections, %.0f %% (%d) reconnecting every %d s, %d s,"
                        + " a sample every %d s, verdict after %d s%n", o.connections(), o.reconnectShare() * 100,
                o.reconnectsPerPeriod(), o.reconnectEvery().toSeconds(), o.duration().toSeconds(),
                o.sampleEvery().toSeconds(), o.warmUp().toSeconds()));
        results.forEach((name, r) -> {
            sb.append("\n== ").append(name).append('\n');
            if (r.containsKey("error")) {
                sb.append("FAILED: ").append(r.get("error")).append('\n');
            }
            Object samples = r.get("samples");
            if (samples instanceof List<?> list) {
                list.forEach(s -> sb.append("  ").append(line((SoakSample) s)).append('\n'));
            }
            if (r.get("rss") instanceof Flatness f) {
                sb.append("resident memory: ").append(f.verdict()).append('\n');
            }
            if (r.get("fds") instanceof Flatness f) {
                sb.append("open file descriptors: ").append(f.verdict()).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "connections opened at the start %s; reconnections completed %s,"
                            + " skipped %s, failed %s; sends acked %s; messages received %s; keep-alive pings %s,"
                            + " pongs %s; error frames %s%n", r.get("initialOpened"), r.get("reconnections"),
                    r.get("reconnectsSkipped"), r.get("reconnectFailures"), r.get("sendsAcked"),
                    r.get("messagesReceived"), r.get("keepAlivePings"), r.get("pongs"), r.get("errorFrames")));
            if (r.containsKey("after.connectionRecords")) {
                sb.append(String.format(Locale.ROOT, "table after the run: %s connection records for %s open"
                                + " connections; %s items beside the room count buckets, expected %s (%s per"
                                + " connection at the start): %s (settled in %.1f s)%n",
                        r.get("after.connectionRecords"), r.get("after.liveConnections"),
                        r.get("after.itemsBesideCountBuckets"), r.get("after.expectedItems"),
                        r.get("itemsPerConnection"),
                        Boolean.TRUE.equals(r.get("after.tableMatchesLive")) ? "BACK TO THE LIVE CONNECTIONS"
                                : "NOT BACK TO THE LIVE CONNECTIONS",
                        ((Number) r.getOrDefault("after.settleSeconds", 0.0)).doubleValue()));
                sb.append("table after every connection closed: ").append(r.get("afterClose.itemsBesideCountBuckets"))
                        .append(" items beside the room count buckets")
                        .append(r.containsKey("afterClose.leftovers") ? ": " + r.get("afterClose.leftovers") : "")
                        .append('\n');
            } else if (r.containsKey("roomsChecked")) {
                sb.append("no connection table (state in Durable Objects' SQLite): the rooms' own counts instead\n");
            }
            if (r.containsKey("roomsChecked")) {
                sb.append(String.format(Locale.ROOT, "rooms' member counts (a re-join's joined.count) vs open"
                                + " connections: %s rooms, %s mismatched %s%n", r.get("roomsChecked"),
                        r.get("roomsMismatched"), r.get("roomMismatchExamples")));
            }
        });
        return sb.toString();
    }
}
