package dev.switchboard.bench.coldstart;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Handler cold start: the wall time from starting a fresh JVM on the shaded handler jar to its first handled
 * {@code $connect} (against dynalite, with {@code ?room=lobby}: a PutItem, a Query and two PutItems), beside a JVM that
 * does nothing, each with the JVM's default flags and with the flags Lambda's Java runtime sets
 * ({@link JavaChild#LAMBDA_FLAGS}), and with the handlers' priming hook ({@code SWITCHBOARD_PRIME=true}) on and off;
 * with {@code --cds}, also with an AppCDS archive ({@link AppCds}). Then the side-by-side run against the Node
 * sample's {@code onconnect} ({@link SideBySide}). Prints the median and the range of {@code --runs} runs (default 10),
 * the child's own init and first-request times, and the jar's size. Priming moves work from the first request into
 * init: it pays only where init is snapshotted (SnapStart), so compare the first-request column. This is a local JVM on
 * this machine: Lambda adds sandbox start and, without SnapStart, class loading from a slower disk and a fraction of
 * a vCPU, so expect AWS figures to be several times higher.
 */
public final class ColdStartBenchmark {
    /** The handlers' priming switch ({@code HandlerConfig.PRIME}). */
    public static final String PRIME = "SWITCHBOARD_PRIME";
    /** Flags of Lambda's Java runtime (its JAVA_TOOL_OPTIONS). */
    public static final List<String> LAMBDA_FLAGS = JavaChild.LAMBDA_FLAGS;

    /**
     * One configuration, in ms: the wall time's median and range, and (for the handler) the medians of the
     * constructor (init) and of the first request as the child measured them.
     */
    public record Row(String name, double medianMs, double minMs, double maxMs, double initMs,
                      double firstRequestMs) {
        String format() {
            String inner = Double.isNaN(initMs) ? "" : String.format(Locale.ROOT,
                    "  init %6.1f ms, first request %6.1f ms", initMs, firstRequestMs);
            return String.format(Locale.ROOT, "%-58s wall median %7.1f ms (min %7.1f, max %7.1f)%s", name, medianMs,
                    minMs, maxMs, inner);
        }
    }

    /** Everything one run of the benchmark measured. */
    public record Result(long jarBytes, List<Row> rows, SideBySide.Result sideBySide) {
        public Row row(String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        }

        /** The side-by-side medians of the side whose name starts with {@code prefix}. */
        public Row side(String prefix) {
            SideBySide.Side s = sideBySide.sides().stream().filter(x -> x.name().startsWith(prefix)).findFirst()
                    .orElseThrow();
            return new Row(s.name(), s.wallMs(), s.minMs(), s.maxMs(), s.initMs(), s.firstMs());
        }

        public String summary() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "shaded handler jar: %,d bytes (%.1f MiB)%n",
                    jarBytes, jarBytes / 1048576.0));
            rows.forEach(r -> sb.append(r.format()).append(System.lineSeparator()));
            return sb.append(System.lineSeparator()).append(sideBySide.summary()).toString();
        }
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 10;
        boolean cds = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--cds")) {
                cds = true;
            } else {
                System.err.println("usage: ColdStartBenchmark [--runs N] [--cds]");
                System.exit(2);
            }
        }
        System.out.print(run(runs, cds).summary());
    }

    /** Runs every configuration {@code runs} times; with {@code cds}, AppCDS rows and an AppCDS side too. */
    public static Result run(int runs, boolean cds) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (ColdStartSetup setup = ColdStartSetup.start()) {
            NodePeer node = NodePeer.prepare(setup);
            List<String> cdsFlags = cds ? AppCds.train(setup) : List.of();
            Map<String, String> primed = new TreeMap<>(setup.env);
            primed.put(PRIME, "true");
            String childJar = setup.classpath.substring(setup.classpath.indexOf(java.io.File.pathSeparator) + 1);
            int[] ids = {0};
            for (boolean lambdaFlags : new boolean[] {false, true}) {
                String flags = lambdaFlags ? "Lambda's JVM flags" : "default JVM flags";
                List<String> jvm = lambdaFlags ? LAMBDA_FLAGS : List.of();
                rows.add(measure("empty JVM, " + flags, runs,
                        () -> JavaChild.command(jvm, childJar, EmptyMain.class), Map.of()));
                for (boolean prime : new boolean[] {false, true}) {
                    rows.add(measure("first $connect handled, " + flags + (prime ? ", primed" : ""), runs,
                            () -> JavaChild.command(jvm, setup.classpath, FirstConnect.class,
                                    String.format("K%014d=", ids[0]++)), prime ? primed : setup.env));
                }
            }
            if (cds) {
                rows.add(measure("first $connect handled, Lambda's JVM flags, AppCDS", runs,
                        () -> JavaChild.command(JavaChild.flags(LAMBDA_FLAGS, cdsFlags), setup.classpath,
                                FirstConnect.class, String.format("K%014d=", ids[0]++)), setup.env));
            }
            SideBySide.Result sideBySide = SideBySide.run(setup, node, cdsFlags, runs);
            return new Result(Files.size(setup.handlerJar), rows, sideBySide);
        }
    }

    private static Row measure(String name, int runs, java.util.function.Supplier<List<String>> command,
                               Map<String, String> env) throws Exception {
        double[] ms = new double[runs];
        double[] init = new double[runs];
        double[] first = new double[runs];
        for (int i = 0; i < runs; i++) {
            Child.Sample s = Child.run(name, command.get(), env);
            ms[i] = s.wallMs();
            init[i] = s.field("initMs");
            first[i] = s.field("firstRequestMs");
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Row(name, Child.median(ms), sorted[0], sorted[runs - 1], Child.median(init), Child.median(first));
    }
}
