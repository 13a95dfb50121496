package dev.switchboard.bench.memsize;

import dev.switchboard.bench.cpu.RouteFixture;
import dev.switchboard.devkit.CliArgs;
import java.util.Arrays;
import java.util.List;

/**
 * The memory-size benchmark's options, each refused with its name ({@link IllegalArgumentException}):
 * {@code --routes} (default every route of {@link RouteFixture#ROUTES}), {@code --sizes} in MB (default
 * {@link #SIZES}), {@code --invocations} per instance (default 200, the first after init included), {@code --warmup}
 * invocations after the first left out of the warm figures (default 20), {@code --period-us} the CFS period (default
 * 100,000, the kernel's) and {@code --timeout-s} per instance (default 600).
 */
record MemSizeOptions(List<String> routes, List<Integer> sizes, int invocations, int warmup, long periodUs,
                      int timeoutSeconds) {
    /** The sizes measured by default: Lambda's smallest, around today's 1,024 MB, and one vCPU (1,769 MB). */
    static final List<Integer> SIZES = List.of(128, 256, 512, 768, 1024, 1536, 1769, 2048);

    MemSizeOptions {
        for (String r : routes) {
            if (!RouteFixture.ROUTES.contains(r)) {
                throw new IllegalArgumentException("--routes: " + r + " is not one of " + RouteFixture.ROUTES);
            }
        }
        for (int s : sizes) {
            if (s < 128 || s > 10240) {
                throw new IllegalArgumentException("--sizes: " + s + " MB is outside Lambda's 128 to 10,240 MB");
            }
        }
        if (warmup < 0 || invocations < warmup + 2) {
            throw new IllegalArgumentException("--invocations must exceed --warmup by at least 2 (the first"
                    + " invocation, then at least one warm one): got " + invocations + " and " + warmup);
        }
        if (periodUs < 1000 || periodUs > 1_000_000) {
            throw new IllegalArgumentException("--period-us must be 1,000 to 1,000,000 (the kernel's limits), not "
                    + periodUs);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-s must be at least 1, not " + timeoutSeconds);
        }
    }

    static MemSizeOptions parse(String[] args) {
        List<String> routes = RouteFixture.ROUTES;
        List<Integer> sizes = SIZES;
        int invocations = 200;
        int warmup = 20;
        long periodUs = 100_000;
        int timeout = 600;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String v = CliArgs.value(args, ++i, flag);
            switch (flag) {
                case "--routes" -> routes = List.of(v.split(","));
                case "--sizes" -> sizes = Arrays.stream(v.split(",")).map(s -> CliArgs.integer(flag, s)).toList();
                case "--invocations" -> invocations = CliArgs.integer(flag, v);
                case "--warmup" -> warmup = CliArgs.integer(flag, v);
                case "--period-us" -> periodUs = CliArgs.integer(flag, v);
                case "--timeout-s" -> timeout = CliArgs.integer(flag, v);
                default -> throw new IllegalArgumentException("unknown option " + flag + " (--routes, --sizes,"
                        + " --invocations, --warmup, --period-us, --timeout-s)");
            }
        }
        return new MemSizeOptions(routes, sizes, invocations, warmup, periodUs, timeout);
    }
}
