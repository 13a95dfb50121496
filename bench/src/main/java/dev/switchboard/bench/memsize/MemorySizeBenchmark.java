package dev.switchboard.bench.memsize;

import dev.switchboard.bench.cpu.RouteFixture;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.cost.LambdaDurations;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceBook;
import dev.switchboard.devkit.DynaliteProcess;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bench/bench.sh memory-size}: each route's shipped handler as one Lambda function instance at each memory size,
 * with the CPU Lambda allots that size emulated by a CFS quota ({@link CpuCgroup}) and the heap its Java runtime
 * gives it ({@link LambdaJvm}); then the size to give each function ({@link SizeChoice}).
 *
 * <p>Per route, the route's DynamoDB answers are recorded once against dynalite on a room of 10 ({@link RouteFixture})
 * and served by a canned server in this JVM, outside the child's cgroup, as DynamoDB and {@code @connections} are
 * outside a Lambda sandbox. Per size, a fresh child ({@link FunctionInstance}) builds the handler and runs
 * {@code --invocations} sequential invocations of the same event, as one instance handles them. Printed per size: the
 * CPU quota, init, the first invocation after init, the warm mean, median and p99 (after {@code --warmup}), the peak
 * resident
 * set against the memory size, and how many CFS periods the instance was throttled; then per route the wait on
 * DynamoDB and {@code @connections} the cost model gives its invocation ({@link LambdaDurations#fixtureWaitMs}, which
 * the canned answers leave out and the choice adds to every duration), and the warm and the cold choice with their
 * billed compute per million invocations at {@link PriceBook}'s price for the function's architecture. Without a
 * writable cgroup cpu controller it stops at once, saying what it needs. Options:
 * {@link MemSizeOptions}.
 */
public final class MemorySizeBenchmark {
    private MemorySizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MemSizeOptions options;
        try {
            options = MemSizeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("memory-size: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            CpuCgroup.requireWritable();
        } catch (IllegalStateException e) {
            System.err.println("memory-size: " + e.getMessage());
            System.exit(3);
            return;
        }
        run(options, System.out);
    }

    /** Runs every route at every size; returns each route's results, in the order of {@code options}. */
    static List<List<SizeResult>> run(MemSizeOptions options, PrintStream out) throws Exception {
        CpuCgroup.removeStale();
        Path root = DynaliteProcess.projectRoot();
        Path jar = root.resolve("lambdas/target/switchboard-lambdas.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it with mvn -DskipNpm -pl lambdas -am package");
        }
        Path dir = Files.createDirectories(root.resolve("bench/target/memsize"));
        String classpath = jar + File.pathSeparator
                + Path.of(InvocationChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PriceBook prices = PriceBook.defaults();
        out.printf(Locale.ROOT, "memory-size: %d invocations per instance (%d warm-up after the first), CFS period"
                        + " %d µs, %d cores, JDK %s%n", options.invocations(), options.warmup(), options.periodUs(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<List<SizeResult>> all = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (String route : options.routes()) {
            try (RouteFixture fixture = quietly(dir.resolve("fixture.log"), () -> RouteFixture.start(route))) {
                Path event = dir.resolve(route + ".json");
                Files.write(event, fixture.event());
                FunctionInstance.Function fn = new FunctionInstance.Function(route, fixture.handlerClass(),
                        fixture.environment(), event, fixture.function().timeoutSeconds());
                out.printf(Locale.ROOT, "%n%s (%s, function %s, today %d MB, %s)%n", route, fixture.handlerClass(),
                        fixture.function().name(), fixture.function().memoryMb(),
                        fixture.function().architecture().awsName());
                out.println("    MB  quota%   init ms  first ms  warm mean   warm p50   warm p99  peak RSS MB  throttled");
                List<SizeResult> results = new ArrayList<>();
                for (int size : options.sizes()) {
                    SizeResult r = FunctionInstance.run(fn, size, options, classpath);
                    results.add(r);
                    out.println(row(r, CpuCgroup.quotaUs(size, options.periodUs(),
                            Runtime.getRuntime().availableProcessors()) * 100.0 / options.periodUs()));
                }
                Price p = prices.get(PriceBook.LAMBDA_GB_SECOND + fixture.function().architecture().awsName());
                double perGbSecond = p.usd() / p.per();
                double waitMs = LambdaDurations.fixtureWaitMs(route, fixture.postsPerInvocation(),
                        Integer.parseInt(fixture.environment().get(EnvVars.BROADCAST_CONCURRENCY)));
                String warm = describe(SizeChoice.choose(results, SizeResult::warmMeanMs, waitMs, perGbSecond));
                String cold = describe(SizeChoice.choose(results, SizeResult::firstMs, waitMs, perGbSecond));
                out.printf(Locale.ROOT, "  modelled wait: %.1f ms (DynamoDB round trips and %d posts, cost module),"
                        + " added to each duration%n", waitMs, fixture.postsPerInvocation());
                out.println("  choice: warm " + warm + "; cold (first invocation) " + cold);
                summary.add(String.format(Locale.ROOT, "  %-10s %-12s today %5d MB   wait %5.1f ms   warm %s   cold %s",
                        route, fixture.function().name(), fixture.function().memoryMb(), waitMs, warm, cold));
                all.add(results);
            }
        }
        out.println();
        out.println("memory size per function (the cheapest size within " + SizeChoice.TOLERANCE_PERCENT
                + " % of the fastest that fits, by measured duration plus modelled wait; billed compute per million"
                + " invocations):");
        summary.forEach(out::println);
        return all;
    }

    /**
     * Runs {@code setup} with this JVM's standard output going to {@code log}: the fixture's own invocations log their
     * JSON lines there, as the handlers do on Lambda, and would bury the report.
     */
    private static <T> T quietly(Path log, java.util.concurrent.Callable<T> setup) throws Exception {
        PrintStream stdout = System.out;
        try (PrintStream file = new PrintStream(Files.newOutputStream(log), true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(file);
            return setup.call();
        } finally {
            System.setOut(stdout);
        }
    }

    private static String row(SizeResult r, double quotaPercent) {
        if (!r.ok()) {
            return String.format(Locale.ROOT, "  %4d  %5.1f   failed: %s", r.memoryMb(), quotaPercent, r.failure());
        }
        return String.format(Locale.ROOT, "  %4d  %5.1f  %8.1f  %8.1f  %9.2f  %9.2f  %9.2f  %7.1f%s  %9d",
                r.memoryMb(), quotaPercent, r.initMs(), r.firstMs(), r.warmMeanMs(), r.warmMedianMs(), r.warmP99Ms(),
                r.peakRssKb() / 1024.0,
                r.fits() ? "    " : " (!)", r.throttledPeriods());
    }

    private static String describe(Optional<SizeChoice.Choice> c) {
        return c.map(x -> String.format(Locale.ROOT, "%d MB (%.1f ms with the wait, $%.4f/M)", x.memoryMb(),
                x.durationMs(), x.usdPerMillion())).orElse("none fits");
    }
}
