package dev.switchboard.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.OperationCounts;
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
 * default 6): past it the driver stops opening held connections (the count reached is reported) and goes on with the
 * other scenarios; past one and a half times the cap it is stopped.
 *
 * <p>Flags: {@code --scale F} multiplies every count (default 1; the test suite runs 0.1), {@code --hold A,B} the held
 * counts, {@code --warmup N} connections before the baseline (0: measure from a cold server), {@code --only local|peer}
 * ({@code --only cloudflare}, {@code vercel} or {@code azure} runs that platform's local runner instead, reported in its
 * own lines; {@code --only platforms} runs the local AWS emulation and each of them side by side in one run).
 */
public final class LoadComparison {
    private static final Pattern KV = Pattern.compile("(\\w+)=([^\\s]+)");

    private LoadComparison() {
    }

    public static void main(String[] args) throws Exception {
        double scale = 1;
        String only = null;
        double maxRssGib = 6;
        String hold = null;
        int warmup = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--max-rss-gib" -> maxRssGib = Double.parseDouble(args[++i]);
                case "--hold" -> hold = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: LoadComparison [--scale F] [--hold A,B] [--warmup N] [--only local|peer|cloudflare|vercel|azure|platforms] [--max-rss-gib G]");
                    System.exit(2);
                }
            }
        }
        Map<String, Map<String, Object>> results = run(scale, only, (long) (maxRssGib * (1L << 30)), hold, warmup);
        System.out.print(report(results));
        Path out = DynaliteProcess.projectRoot().resolve("bench/target/results/load.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), results);
    }

    /** Runs the driver against each server; the result maps server name to its measurements. */
    public static Map<String, Map<String, Object>> run(double scale, String only, long maxRssBytes) throws Exception {
        return run(scale, only, maxRssBytes, null, -1);
    }

    /**
     * As {@link #run(double, String, long)}, with the held counts given (e.g. {@code 2000}) instead of scaled, and the
     * warm-up connections ({@code -1}: a fifth of the first held count's default, scaled).
     */
    /** The platforms {@code --only} can name besides local and peer, in the order {@code --only platforms} runs them. */
    static final List<String> OTHER_PLATFORMS = List.of("cloudflare", "vercel", "azure");

    public static Map<String, Map<String, Object>> run(double scale, String only, long maxRssBytes, String hold,
                                                       int warmup) throws Exception {
        Path root = DynaliteProcess.projectRoot();
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        List<String> args = List.of(
                "--pairs", n(100, scale), "--sends", n(1000, scale), "--room", n(1000, scale),
                "--broadcasts", n(5, Math.max(scale, 0.4)), "--warmup", warmup >= 0 ? Integer.toString(warmup) : n(200, scale),
                "--pings", n(2000, Math.max(scale, 0.5)), "--hold", hold != null ? hold : n(2000, scale) + "," + n(10000, scale),
                "--deadline-seconds", Integer.toString((int) Math.max(300, 1500 * scale)));
        if (only == null || only.equals("local")) {
            Server s;
            try {
                s = LocalServer.start(root);
            } catch (IllegalStateException e) {
                s = null;
                results.put("switchboard local", Map.of("error", e.getMessage()));
            }
            if (s != null) {
                try (Server server = s) {
                    results.put(server.name(), drive(server, args, maxRssBytes));
                }
            }
        }
        if (only == null || only.equals("peer")) {
            try (Server s = PeerServer.start(root)) {
                results.put(s.name(), drive(s, args, maxRssBytes));
            }
        }
        // not the two columns: the other platforms' local runners, one (--only cloudflare|vercel|azure) or, with
        // --only platforms, the local AWS emulation and every other platform side by side in one run
        List<String> platforms = only == null ? List.of()
                : only.equals("platforms") ? OTHER_PLATFORMS
                : OTHER_PLATFORMS.contains(only) ? List.of(only) : List.of();
        if ("platforms".equals(only)) {
            try (Server s = LocalServer.start(root)) {
                results.put(s.name(), drive(s, args, maxRssBytes));
            }
        }
        for (String platform : platforms) {
            try (Server s = PlatformServer.start(root, platform)) {
                results.put(s.name(), drive(s, args, maxRssBytes));
            } catch (IllegalStateException e) {
                results.put(platform, Map.of("error", String.valueOf(e.getMessage())));
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
        Path stopFile = Files.createTempFile("switchboard-load-stop", "");
        Files.delete(stopFile);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-cp", System.getProperty("java.class.path"), LoadDriver.class.getName(),
                "--url", server.url(), "--stop-file", stopFile.toString()));
        cmd.addAll(driverArgs);
        Process driver = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicBoolean capped = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        long[] peak = {0};
        Thread watchdog = new Thread(() -> {
            while (driver.isAlive()) {
                long rss = ProcessMemory.rssBytes(server.pid());
                peak[0] = Math.max(peak[0], rss);
                if (rss > maxRssBytes && capped.compareAndSet(false, true)) {
                    try {
                        Files.createFile(stopFile);
                    } catch (java.io.IOException e) {
                        driver.destroyForcibly();
                    }
                } else if (rss > maxRssBytes * 3 / 2) {
                    killed.set(true);
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
        Map<String, Long> begun = Map.of();
        String scenario = "WARMUP";
        Drain drain = null;
        long lastLeftNanos = 0;
        Writer in = new OutputStreamWriter(driver.getOutputStream(), StandardCharsets.UTF_8);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = readLine(out)) != null; ) {
                System.out.println(server.name() + ": " + line);
                String kind = line.split(" ", 2)[0];
                Map<String, String> kv = new LinkedHashMap<>();
                Matcher m = KV.matcher(line);
                while (m.find()) {
                    kv.put(m.group(1), m.group(2));
                }
                switch (kind) {
                    case "BEGIN" -> {
                        scenario = line.substring(6).trim();
                        begun = counts(server);
                        reply(in);
                    }
                    case "RTT", "BROADCAST", "HANDSHAKES", "PING" -> {
                        kv.forEach((k, v) -> r.put(kind.toLowerCase(Locale.ROOT) + "." + k, number(v)));
                        Map<String, Long> ops = OperationCounts.delta(begun, counts(server));
                        r.put(kind.toLowerCase(Locale.ROOT) + ".tableOps", ops);
                        System.out.println(server.name() + ": TABLE_OPS scenario=" + kind + " " + ops);
                        if (kind.equals("HANDSHAKES") && server.dynamoEndpoint() != null) {
                            perHandshake(server, r, ops, (int) Double.parseDouble(kv.get("opened")));
                        }
                    }
                    case "CLOSING" -> {
                        lastLeftNanos = System.nanoTime();
                        drain = Drain.start(server, Integer.parseInt(kv.get("n")));
                        reply(in);
                    }
                    case "SETTLE" -> {
                        if (drain != null) {
                            String key = "drain." + scenario.toLowerCase(Locale.ROOT);
                            drain.await();
                            r.put(key + ".closes", drain.closes);
                            r.put(key + ".seconds", drain.seconds);
                            r.put(key + ".tableOps", drain.ops);
                            System.out.printf(Locale.ROOT, "%s: DRAIN scenario=%s closes=%d seconds=%.3f tableOps=%s%n",
                                    server.name(), scenario, drain.closes, drain.seconds, drain.ops);
                            drain = null;
                        }
                        r.merge("settleSeconds", ProcessMemory.awaitQuiet(server.pid(), 300), (a, b) ->
                                ((Number) a).intValue() + ((Number) b).intValue());
                        reply(in);
                    }
                    case "BASELINE" -> {
                        r.merge("settleSeconds", ProcessMemory.awaitQuiet(server.pid(), 120), (a, b) ->
                                ((Number) a).intValue() + ((Number) b).intValue());
                        baseline = ProcessMemory.rssBytes(server.pid());
                        r.put("baselineRssBytes", baseline);
                        reply(in);
                    }
                    case "HOLD" -> {
                        long rss = ProcessMemory.rssBytes(server.pid());
                        int target = Integer.parseInt(kv.get("target"));
                        int held = Integer.parseInt(kv.get("held"));
                        r.put("hold." + target + ".held", held);
                        r.put("hold." + target + ".rssBytes", rss);
                        r.put("hold." + target + ".bytesPerConnection", held == 0 ? null : (rss - baseline) / held);
                        System.out.printf(Locale.ROOT, "%s: MEMORY held=%d rssBytes=%d baselineRssBytes=%d"
                                + " bytesPerConnection=%d%n", server.name(), held, rss, baseline,
                                held == 0 ? 0 : (rss - baseline) / held);
                        reply(in);
                    }
                    default -> {
                    }
                }
            }
        }
        try {
            in.close();
        } catch (java.io.IOException driverGone) {
            // nothing to close
        }
        driver.waitFor();
        watchdog.interrupt();
        if (lastLeftNanos != 0 && server.alive()) {
            // the resident memory a minute after the last client left, against where it started
            long wait = lastLeftNanos + 60_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            long after = ProcessMemory.rssBytes(server.pid());
            r.put("rssAfterLeave60sBytes", after);
            System.out.printf(Locale.ROOT, "%s: AFTER_LEAVE rssBytes=%d baselineRssBytes=%d ratio=%.2f%n",
                    server.name(), after, baseline, baseline == 0 ? Double.NaN : (double) after / baseline);
        }
        Files.deleteIfExists(stopFile);
        r.put("peakRssBytes", peak[0]);
        if (!server.alive()) {
            r.put("serverExited", true);
            r.put("serverOutput", server.output());
            System.out.println(server.name() + " exited during the run; its last output:\n" + server.output());
        }
        if (capped.get()) {
            r.put("stoppedAtRssCapBytes", maxRssBytes);
        }
        if (killed.get()) {
            r.put("driverStoppedAtRssBytes", maxRssBytes * 3 / 2);
            System.out.println(server.name() + ": STOPPED the driver: the server's memory passed "
                    + maxRssBytes * 3 / 2 + " bytes (peak " + peak[0] + ")");
        }
        System.out.println(server.name() + ": PEAK rssBytes=" + peak[0]);
        return r;
    }

    /**
     * The table calls per opened handshake, counted by the server's dynalite over the handshakes scenario (every
     * request it served meanwhile, whatever its cause), in total ({@code handshakes.tableCallsPerHandshake}) and per
     * operation ({@code handshakes.tableCallsPerHandshake.Query}, ...): the two columns compare like for like only
     * when these agree.
     */
    private static void perHandshake(Server server, Map<String, Object> r, Map<String, Long> ops, int opened) {
        if (opened == 0) {
            return;
        }
        r.put("handshakes.tableCallsPerHandshake", (double) OperationCounts.total(ops) / opened);
        ops.forEach((op, n) -> r.put("handshakes.tableCallsPerHandshake." + op, (double) n / opened));
        System.out.printf(Locale.ROOT, "%s: TABLE_CALLS_PER_HANDSHAKE total=%.2f opened=%d %s%n", server.name(),
                (double) OperationCounts.total(ops) / opened, opened, ops);
    }

    /** The table's operation counts now, or none when the server's table store cannot be read. */
    private static Map<String, Long> counts(Server server) {
        if (server.dynamoEndpoint() == null) {
            return Map.of();
        }
        try {
            return OperationCounts.read(server.dynamoEndpoint());
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println(server.name() + ": table operation counts unreadable: " + e.getMessage());
            return Map.of();
        }
    }

    /**
     * Times a burst of closes: from when the driver starts closing until the last table operation they caused (the
     * counts polled every 10 ms; over once they moved and then stood still for 2 s, or after 120 s).
     */
    static final class Drain {
        final int closes;
        volatile double seconds = Double.NaN;
        volatile Map<String, Long> ops = Map.of();
        private final Thread thread;

        private Drain(Server server, int closes) {
            this.closes = closes;
            long t0 = System.nanoTime();
            Map<String, Long> before = counts(server);
            this.thread = new Thread(() -> {
                long lastTotal = OperationCounts.total(before);
                long lastChange = t0;
                boolean moved = false;
                Map<String, Long> now = before;
                while ((!moved || System.nanoTime() - lastChange < 2_000_000_000L)
                        && System.nanoTime() - t0 < 120_000_000_000L) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                    now = counts(server);
                    long total = OperationCounts.total(now);
                    if (total != lastTotal) {
                        moved = true;
                        lastTotal = total;
                        lastChange = System.nanoTime();
                    }
                }
                seconds = (lastChange - t0) / 1e9;
                ops = OperationCounts.delta(before, now);
            }, "drain-timer");
            thread.setDaemon(true);
        }

        static Drain start(Server server, int closes) {
            Drain d = new Drain(server, closes);
            if (server.dynamoEndpoint() != null) {
                d.thread.start();
            }
            return d;
        }

        /** Waits for the drain to end (at once for a server without a table: nothing to time it by). */
        void await() throws InterruptedException {
            if (thread.isAlive()) {
                thread.join();
            }
        }
    }

    /** The driver's next line, or null at its end (also when it was stopped and its streams closed). */
    private static String readLine(BufferedReader out) {
        try {
            return out.readLine();
        } catch (java.io.IOException driverGone) {
            return null;
        }
    }

    /** Lets the driver go on; a driver that has ended (stopped at the memory cap) just ends the loop's input. */
    private static void reply(Writer in) {
        try {
            in.write("\n");
            in.flush();
        } catch (java.io.IOException driverGone) {
            // the read loop sees the end of the driver's output next
        }
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
        row(sb, "table calls per handshake (counted)", local, peer, "handshakes.tableCallsPerHandshake", true);
        row(sb, "failed handshakes, all scenarios so far", local, peer, "handshakes.failedSoFar", true);
        row(sb, "send to 2-member room, delivery p50 ms", local, peer, "rtt.deliveryP50Ms", true);
        row(sb, "send to 2-member room, delivery p99 ms", local, peer, "rtt.deliveryP99Ms", true);
        row(sb, "send to 2-member room, ack p99 ms", local, peer, "rtt.ackP99Ms", true);
        row(sb, "broadcast, last of the room received ms", local, peer, "broadcast.lastMemberMedianMs", true);
        row(sb, "ping on held connections, p50 ms", local, peer, "ping.p50Ms", true);
        row(sb, "ping on held connections, p99 ms", local, peer, "ping.p99Ms", true);
        row(sb, "ping on held connections, p99.9 ms", local, peer, "ping.p999Ms", true);
        row(sb, "$disconnect drain of the held closes, s", local, peer, "drain.ping.seconds", true);
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
        row(sb, "resident memory at the start, bytes", local, peer, "baselineRssBytes", true);
        row(sb, "resident memory 60 s after the last left", local, peer, "rssAfterLeave60sBytes", true);
        for (String scenarioOps : List.of("handshakes", "ping", "drain.ping", "rtt", "broadcast")) {
            for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
                Object ops = e.getValue().get(scenarioOps + ".tableOps");
                if (ops != null) {
                    sb.append(String.format(Locale.ROOT, "table operations, %-10s %-20s %s%n", scenarioOps, e.getKey(),
                            ops));
                }
            }
        }
        results.forEach((name, m) -> {
            if (Boolean.TRUE.equals(m.get("serverExited"))) {
                sb.append(name).append(": the server exited during the run (figures after that are missing)\n");
            }
        });
        if (local.containsKey("error")) {
            sb.append("switchboard local: ").append(local.get("error")).append('\n');
        }
        for (Map.Entry<String, Map<String, Object>> e : results.entrySet()) {
            if (e.getValue().containsKey("stoppedAtRssCapBytes")) {
                sb.append(e.getKey()).append(": stopped opening connections at the memory cap of ")
                        .append(e.getValue().get("stoppedAtRssCapBytes")).append(" bytes\n");
            }
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
