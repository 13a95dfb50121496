package dev.switchboard.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.devkit.DynaliteProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local API against serverless-offline, side by side in one run: each server is started in turn, the
 * {@link LoadDriver} runs every scenario against it in its own JVM, and this process reads the server's resident
 * memory (its process tree, dynalite left out) at rest and at each held count. Prints both columns and the ratios;
 * writes {@code bench/target/results/load.json}.
 *
 * <p>Bounded: 127.0.0.1 only, fixed counts, a deadline per driver, and a memory cap per server ({@code --max-rss-gib},
 * default 8) past which the driver is stopped and the count it reached is reported.
 *
 * <p>Flags: {@code --scale F} multiplies every count (default 1; the test suite runs 0.1), {@code --only local|peer}.
 */
public final class LoadComparison {
    private static final Pattern KV = Pattern.compile("(\\w+)=([^\\s]+)");

    private LoadComparison() {
    }

    public static void main(String[] args) throws Exception {
        double scale = 1;
        String only = null;
        double maxRssGib = 8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--max-rss-gib" -> maxRssGib = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: LoadComparison [--scale F] [--only local|peer] [--max-rss-gib G]");
                    System.exit(2);
                }
            }
        }
        Map<String, Map<String, Object>> results = run(scale, only, (long) (maxRssGib * (1L << 30)));
        System.out.print(report(results));
        Path out = DynaliteProcess.projectRoot().resolve("bench/target/results/load.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), results);
    }

    /** Runs the driver against each server; the result maps server name to its measurements. */
    public static Map<String, Map<String, Object>> run(double scale, String only, long maxRssBytes) throws Exception {
        Path root = DynaliteProcess.projectRoot();
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        List<String> args = List.of(
                "--pairs", n(100, scale), "--sends", n(1000, scale), "--room", n(1000, scale),
                "--broadcasts", n(5, Math.max(scale, 0.4)), "--hold", n(2000, scale) + "," + n(10000, scale),
                "--deadline-seconds", Integer.toString((int) Math.max(180, 600 * scale)));
        if (only == null || only.equals("local")) {
            try (Server s = LocalServer.start(root)) {
                results.put(s.name(), drive(s, args, maxRssBytes));
            } catch (IllegalStateException e) {
                results.put("switchboard local", Map.of("error", e.getMessage()));
            }
        }
        if (only == null || only.equals("peer")) {
            try (Server s = PeerServer.start(root)) {
                results.put(s.name(), drive(s, args, maxRssBytes));
            }
        }
        return results;
    }

    private static String n(int full, double scale) {
        return Integer.toString(Math.max(1, (int) Math.round(full * scale)));
    }

    static Map<String, Object> drive(Server server, List<String> driverArgs, long maxRssBytes) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("idleRssBytes", ProcessMemory.rssBytes(server.pid()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-cp", System.getProperty("java.class.path"), LoadDriver.class.getName(),
                "--url", server.url()));
        cmd.addAll(driverArgs);
        Process driver = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicBoolean capped = new AtomicBoolean();
        long[] peak = {0};
        Thread watchdog = new Thread(() -> {
            while (driver.isAlive()) {
                long rss = ProcessMemory.rssBytes(server.pid());
                peak[0] = Math.max(peak[0], rss);
                if (rss > maxRssBytes) {
                    capped.set(true);
                    driver.destroyForcibly();
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long baseline = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(driver.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(server.name() + ": " + line);
                String kind = line.split(" ", 2)[0];
                Map<String, String> kv = new LinkedHashMap<>();
                Matcher m = KV.matcher(line);
                while (m.find()) {
                    kv.put(m.group(1), m.group(2));
                }
                switch (kind) {
                    case "RTT", "BROADCAST", "HANDSHAKES" -> kv.forEach((k, v) -> r.put(kind.toLowerCase(Locale.ROOT)
                            + "." + k, number(v)));
                    case "BASELINE" -> {
                        baseline = ProcessMemory.rssBytes(server.pid());
                        r.put("baselineRssBytes", baseline);
                        in.write("\n");
                        in.flush();
                    }
                    case "HOLD" -> {
                        long rss = ProcessMemory.rssBytes(server.pid());
                        int target = Integer.parseInt(kv.get("target"));
                        int held = Integer.parseInt(kv.get("held"));
                        r.put("hold." + target + ".held", held);
                        r.put("hold." + target + ".rssBytes", rss);
                        r.put("hold." + target + ".bytesPerConnection", held == 0 ? null : (rss - baseline) / held);
                        in.write("\n");
                        in.flush();
                    }
                    default -> {
                    }
                }
            }
        }
        driver.waitFor();
        watchdog.interrupt();
        r.put("peakRssBytes", peak[0]);
        if (capped.get()) {
            r.put("stoppedAtRssCapBytes", maxRssBytes);
        }
        return r;
    }

    private static Object number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** Both columns and the ratios, as a text table. */
    static String report(Map<String, Map<String, Object>> results) {
        Map<String, Object> local = results.getOrDefault("switchboard local", Map.of());
        Map<String, Object> peer = results.getOrDefault("serverless-offline", Map.of());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-44s %18s %18s %12s%n", "measure",
                "switchboard local", "serverless-offline", "ratio"));
        row(sb, "handshakes per second (incl. $connect)", local, peer, "handshakes.perSecond", false);
        row(sb, "failed handshakes, all scenarios so far", local, peer, "handshakes.failedSoFar", true);
        row(sb, "send to 2-member room, delivery p50 ms", local, peer, "rtt.deliveryP50Ms", true);
        row(sb, "send to 2-member room, delivery p99 ms", local, peer, "rtt.deliveryP99Ms", true);
        row(sb, "send to 2-member room, ack p99 ms", local, peer, "rtt.ackP99Ms", true);
        row(sb, "broadcast, last of the room received ms", local, peer, "broadcast.lastMemberMedianMs", true);
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(local.keySet());
        keys.addAll(peer.keySet());
        for (String k : keys) {
            if (k.startsWith("hold.") && k.endsWith(".held")) {
                String c = k.substring(5, k.length() - 5);
                row(sb, "held of " + c, local, peer, k, false);
                row(sb, "bytes per connection at " + c, local, peer, "hold." + c + ".bytesPerConnection", true);
            }
        }
        row(sb, "peak resident memory, bytes", local, peer, "peakRssBytes", true);
        if (local.containsKey("error")) {
            sb.append("switchboard local: ").append(local.get("error")).append('\n');
        }
        if (peer.containsKey("stoppedAtRssCapBytes")) {
            sb.append("serverless-offline: stopped at the memory cap of ").append(peer.get("stoppedAtRssCapBytes"))
                    .append(" bytes\n");
        }
        return sb.toString();
    }

    /** A row; the ratio is how many times better the local API is (lower-is-better rows divide peer by local). */
    private static void row(StringBuilder sb, String label, Map<String, Object> local, Map<String, Object> peer,
                            String key, boolean lowerIsBetter) {
        Object l = local.get(key);
        Object p = peer.get(key);
        String ratio = "";
        if (l instanceof Number ln && p instanceof Number pn && ln.doubleValue() > 0 && pn.doubleValue() > 0) {
            double x = lowerIsBetter ? pn.doubleValue() / ln.doubleValue() : ln.doubleValue() / pn.doubleValue();
            ratio = String.format(Locale.ROOT, "%.1fx", x);
        }
        sb.append(String.format(Locale.ROOT, "%-44s %18s %18s %12s%n", label, fmt(l), fmt(p), ratio));
    }

    private static String fmt(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d)
                    : String.format(Locale.ROOT, "%.2f", d);
        }
        return o == null ? "-" : o.toString();
    }
}
