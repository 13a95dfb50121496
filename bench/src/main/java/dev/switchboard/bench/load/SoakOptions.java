package dev.switchboard.bench.load;

import java.time.Duration;
import java.util.Locale;

/**
 * What the soak ({@link SoakBenchmark}) runs: {@code connections} held in rooms of {@code roomSize}; each
 * {@code reconnectEvery} a {@code reconnectShare} of them close and reconnect (fresh handshake, fresh token, re-join,
 * {@code sends} sends); every held connection pings once per {@code keepAlive} (the gateway's idle timeout is 10
 * minutes); resident memory, open file descriptors and the connection table sampled every {@code sampleEvery}, for
 * {@code duration}; the flatness verdict over the samples after {@code warmUp}. {@code only} is null (both targets),
 * {@code local} or {@code cloudflare}.
 *
 * <p>Defaults ({@link #defaults()}): 2,000 connections, 10 % reconnecting each minute, 30 minutes, a sample every 30 s,
 * the first 5 minutes left out of the verdict, rooms of 20, 3 sends per reconnection, a keep-alive ping every 4 minutes,
 * both targets.
 */
record SoakOptions(int connections, double reconnectShare, Duration reconnectEvery, Duration duration,
                   Duration sampleEvery, Duration warmUp, int roomSize, int sends, Duration keepAlive, String only) {

    SoakOptions {
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1, got " + connections);
        }
        if (!(reconnectShare >= 0 && reconnectShare <= 1)) {
            throw new IllegalArgumentException("--reconnect-share must be between 0 and 1 (0.1 is 10 %), got "
                    + reconnectShare);
        }
        for (var d : new Object[][] {{"--reconnect-seconds", reconnectEvery}, {"--minutes", duration},
                {"--sample-seconds", sampleEvery}, {"--keepalive-seconds", keepAlive}}) {
            if (((Duration) d[1]).isNegative() || ((Duration) d[1]).isZero()) {
                throw new IllegalArgumentException(d[0] + " must be positive, got " + d[1]);
            }
        }
        if (warmUp.isNegative() || warmUp.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--warmup-minutes must be at least 0 and shorter than --minutes, got "
                    + warmUp + " of " + duration);
        }
        if (roomSize < 2 || roomSize > 100) {
            throw new IllegalArgumentException("--room-size must be 2 to 100 (a room up to membersPageSize is counted"
                    + " exactly), got " + roomSize);
        }
        if (sends < 0) {
            throw new IllegalArgumentException("--sends must be at least 0, got " + sends);
        }
        if (only != null && !only.equals("local") && !only.equals("cloudflare")) {
            throw new IllegalArgumentException("--only must be local or cloudflare, got " + only);
        }
    }

    static SoakOptions defaults() {
        return new SoakOptions(2000, 0.10, Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofSeconds(30),
                Duration.ofMinutes(5), 20, 3, Duration.ofMinutes(4), null);
    }

    /** The defaults with {@code args} ({@code --connections N --reconnect-share 0.1 --minutes 30 ...}) applied. */
    static SoakOptions parse(String... args) {
        SoakOptions o = defaults();
        int connections = o.connections;
        double share = o.reconnectShare;
        Duration every = o.reconnectEvery;
        Duration duration = o.duration;
        Duration sample = o.sampleEvery;
        Duration warmUp = o.warmUp;
        int roomSize = o.roomSize;
        int sends = o.sends;
        Duration keepAlive = o.keepAlive;
        String only = o.only;
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[i + 1];
            try {
                switch (flag) {
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--reconnect-share" -> share = Double.parseDouble(v);
                    case "--reconnect-seconds" -> every = seconds(Double.parseDouble(v));
                    case "--minutes" -> duration = seconds(Double.parseDouble(v) * 60);
                    case "--sample-seconds" -> sample = seconds(Double.parseDouble(v));
                    case "--warmup-minutes" -> warmUp = seconds(Double.parseDouble(v) * 60);
                    case "--room-size" -> roomSize = Integer.parseInt(v);
                    case "--sends" -> sends = Integer.parseInt(v);
                    case "--keepalive-seconds" -> keepAlive = seconds(Double.parseDouble(v));
                    case "--only" -> only = v.toLowerCase(Locale.ROOT);
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "; known: --connections,"
                            + " --reconnect-share, --reconnect-seconds, --minutes, --sample-seconds, --warmup-minutes,"
                            + " --room-size, --sends, --keepalive-seconds, --only local|cloudflare");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number, got " + v);
            }
        }
        return new SoakOptions(connections, share, every, duration, sample, warmUp, roomSize, sends, keepAlive, only);
    }

    /** Connections that reconnect per period (at least 1 when the share is above 0). */
    int reconnectsPerPeriod() {
        return reconnectShare == 0 ? 0 : Math.max(1, (int) Math.round(connections * reconnectShare));
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
