package dev.switchboard.bench.coldstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the Java cold start goes: fresh JVMs with Lambda's flags and a class-load log
 * ({@code -Xlog:class+load}, {@link ClassLoadLog}) run {@link FirstConnect} (phases: JVM boot, handler init, first
 * request) and {@link StagedInit} (the same, with Jackson, an SDK DynamoDB client and, after the request, nimbus loaded
 * one at a time), against dynalite with {@code ?room=lobby}. For each phase: its median length over {@code --runs} runs
 * (default 5) and, from the last run, the classes it loaded by library and how many of them came from a CDS archive.
 * With {@code --cds}, the same again with an AppCDS archive ({@link AppCds}). The log costs a little time per class,
 * so these phases add up to a bit more than {@link ColdStartBenchmark}'s wall times; read them as shares.
 */
public final class InitBreakdown {
    /** One phase: median length in ms, and the last run's class counts. */
    public record PhaseRow(String name, double ms, int classes, int fromArchive, Map<String, Integer> byGroup) {
    }

    /** One child in one configuration. */
    public record Table(String name, double wallMs, List<PhaseRow> phases) {
        public PhaseRow phase(String name) {
            return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }

        String format() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: wall median %.1f ms%n", name, wallMs));
            sb.append(String.format(Locale.ROOT, "  %-14s %8s %8s %9s", "phase", "ms", "classes", "from CDS"));
            ClassLoadLog.GROUPS.keySet().forEach(g -> sb.append(String.format(Locale.ROOT, " %11s", g)));
            sb.append(String.format(Locale.ROOT, " %11s%n", "other"));
            for (PhaseRow p : phases) {
                sb.append(String.format(Locale.ROOT, "  %-14s %8.1f %8d %9d", p.name(), p.ms(), p.classes(),
                        p.fromArchive()));
                p.byGroup().values().forEach(n -> sb.append(String.format(Locale.ROOT, " %11d", n)));
                sb.append(System.lineSeparator());
            }
            return sb.toString();
        }
    }

    /** Every table of one run of the breakdown. */
    public record Result(List<Table> tables) {
        public Table table(String prefix) {
            return tables.stream().filter(t -> t.name().startsWith(prefix)).findFirst().orElseThrow();
        }

        public String summary() {
            StringBuilder sb = new StringBuilder();
            tables.forEach(t -> sb.append(t.format()).append(System.lineSeparator()));
            return sb.toString();
        }
    }

    private static final List<String> CONNECT_MARKS = List.of("Boot", "Init", "FirstRequest");
    private static final List<String> STAGED_MARKS = List.of("Boot", "Jackson", "SdkClient", "Init", "FirstRequest",
            "Nimbus");

    private InitBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        boolean cds = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--cds")) {
                cds = true;
            } else {
                System.err.println("usage: InitBreakdown [--runs N] [--cds]");
                System.exit(2);
            }
        }
        System.out.print(run(runs, cds).summary());
    }

    public static Result run(int runs, boolean cds) throws Exception {
        List<Table> tables = new ArrayList<>();
        try (ColdStartSetup setup = ColdStartSetup.start()) {
            List<String> cdsFlags = cds ? AppCds.train(setup) : List.of();
            int[] ids = {0};
            for (List<String> extra : cds ? List.of(List.<String>of(), cdsFlags) : List.of(List.<String>of())) {
                String suffix = extra.isEmpty() ? "" : ", AppCDS";
                tables.add(measure(setup, "FirstConnect, Lambda's JVM flags" + suffix, FirstConnect.class,
                        CONNECT_MARKS, extra, runs, ids));
                tables.add(measure(setup, "StagedInit, Lambda's JVM flags" + suffix, StagedInit.class,
                        STAGED_MARKS, extra, runs, ids));
            }
        }
        return new Result(tables);
    }

    private static Table measure(ColdStartSetup setup, String name, Class<?> main, List<String> marks,
                                 List<String> extra, int runs, int[] ids) throws Exception {
        double[] wall = new double[runs];
        double[][] ms = new double[marks.size()][runs];
        List<ClassLoadLog.Phase> last = List.of();
        for (int i = 0; i < runs; i++) {
            Path log = setup.dir.resolve("classload-" + main.getSimpleName() + (extra.isEmpty() ? "" : "-cds") + ".log");
            List<String> flags = JavaChild.flags(JavaChild.flags(JavaChild.LAMBDA_FLAGS, extra),
                    List.of("-Xlog:class+load=info:file=" + log + ":uptimenanos"));
            Child.Sample s = Child.run(name, JavaChild.command(flags, setup.classpath, main,
                    String.format("B%014d=", ids[0]++), "lobby"), setup.env);
            wall[i] = s.wallMs();
            last = ClassLoadLog.phases(log, marks);
            for (int p = 0; p < marks.size(); p++) {
                ms[p][i] = last.get(p).ms();
            }
        }
        List<PhaseRow> rows = new ArrayList<>();
        for (int p = 0; p < marks.size(); p++) {
            ClassLoadLog.Phase ph = last.get(p);
            rows.add(new PhaseRow(ph.name(), Child.median(ms[p]), ph.classes(), ph.fromArchive(), ph.byGroup()));
        }
        return new Table(name, Child.median(wall), rows);
    }
}
