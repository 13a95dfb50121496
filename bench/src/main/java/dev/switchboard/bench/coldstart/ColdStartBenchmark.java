package dev.switchboard.bench.coldstart;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.Route;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Handler cold start: the wall time from starting a fresh JVM on the shaded handler jar to its first handled
 * {@code $connect} (against dynalite, with {@code ?room=lobby}: a PutItem, a Query and two PutItems), beside a JVM that
 * does nothing, each with the JVM's default flags and with the flags Lambda's Java runtime sets
 * ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}), and with the handlers' priming hook
 * ({@code SWITCHBOARD_PRIME=true}) on and off. Prints the median and the range of {@code --runs} runs (default 10),
 * the child's own init and first-request times, and the jar's size. Priming moves work from the first request into
 * init: it pays only where init is snapshotted (SnapStart), so compare the first-request column. This is a local JVM on this machine: Lambda adds sandbox start and, without SnapStart, class loading from a
 * slower disk and a fraction of a vCPU, so expect AWS figures to be several times higher.
 */
public final class ColdStartBenchmark {
    /** The handlers' priming switch ({@code HandlerConfig.PRIME}). */
    public static final String PRIME = "SWITCHBOARD_PRIME";
    /** Flags of Lambda's Java runtime (its JAVA_TOOL_OPTIONS). */
    public static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

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
    public record Result(long jarBytes, List<Row> rows) {
        public Row row(String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        }

        public String summary() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "shaded handler jar: %,d bytes (%.1f MiB)%n",
                    jarBytes, jarBytes / 1048576.0));
            rows.forEach(r -> sb.append(r.format()).append(System.lineSeparator()));
            return sb.toString();
        }
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: ColdStartBenchmark [--runs N]");
                System.exit(2);
            }
        }
        System.out.print(run(runs).summary());
    }

    public static Result run(int runs) throws Exception {
        Path root = DynaliteProcess.projectRoot();
        Path jar = root.resolve("lambdas/target/switchboard-lambdas.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it with mvn -DskipNpm -pl lambdas -am package");
        }
        Path benchClasses = Path.of(FirstConnect.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Blueprint blueprint = Blueprint.reference(Environments.resolve("dev", Map.of()));
        List<Row> rows = new ArrayList<>();
        try (DynaliteProcess dynalite = DynaliteProcess.start();
             DynamoDbClient dynamo = LocalClients.dynamoDb(dynalite.endpoint())) {
            String table = TableBootstrap.createTables(dynamo, blueprint).get(0);
            Map<String, String> env = new java.util.TreeMap<>(blueprint.staticEnvironment(
                    blueprint.function(blueprint.route(Route.CONNECT).function())));
            env.put(EnvVars.TABLE_NAME, table);
            env.put(EnvVars.DYNAMODB_ENDPOINT, dynalite.endpoint().toString());
            env.put(EnvVars.REGION, "us-east-1");
            env.put(EnvVars.CALLBACK_URL, "http://127.0.0.1:9/dev");
            Map<String, String> primed = new java.util.TreeMap<>(env);
            primed.put(PRIME, "true");
            String cp = jar + java.io.File.pathSeparator + benchClasses;
            int[] ids = {0};
            for (boolean lambdaFlags : new boolean[] {false, true}) {
                String flags = lambdaFlags ? "Lambda's JVM flags" : "default JVM flags";
                rows.add(measure("empty JVM, " + flags, runs, i -> command(benchClasses.toString(), lambdaFlags,
                        EmptyMain.class.getName()), Map.of()));
                for (boolean prime : new boolean[] {false, true}) {
                    rows.add(measure("first $connect handled, " + flags + (prime ? ", primed" : ""), runs,
                            i -> command(cp, lambdaFlags, FirstConnect.class.getName(),
                                    String.format("K%014d=", ids[0]++)), prime ? primed : env));
                }
            }
        }
        return new Result(Files.size(jar), rows);
    }

    private static List<String> command(String cp, boolean lambdaFlags, String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (lambdaFlags) {
            cmd.addAll(LAMBDA_FLAGS);
        }
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(main);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private static Row measure(String name, int runs, java.util.function.IntFunction<List<String>> command,
                               Map<String, String> env) throws IOException, InterruptedException {
        double[] ms = new double[runs];
        double[] init = new double[runs];
        double[] first = new double[runs];
        for (int i = 0; i < runs; i++) {
            ProcessBuilder pb = new ProcessBuilder(command.apply(i)).redirectErrorStream(true);
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            String handled = null;
            StringBuilder output = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("HANDLED")) {
                        ms[i] = (System.nanoTime() - start) / 1e6;
                        handled = line;
                        init[i] = field(line, "initMs=");
                        first[i] = field(line, "firstRequestMs=");
                        break;
                    }
                    output.append(line).append('\n');
                }
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (handled == null || (handled.length() > "HANDLED".length() && !handled.contains("\"statusCode\":200"))) {
                throw new IllegalStateException(name + ": the child did not handle $connect: " + handled + "\n" + output);
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Row(name, median(ms), sorted[0], sorted[runs - 1], median(init), median(first));
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double field(String line, String name) {
        int i = line.indexOf(name);
        if (i < 0) {
            return Double.NaN;
        }
        int end = line.indexOf(' ', i);
        return Double.parseDouble(line.substring(i + name.length(), end < 0 ? line.length() : end));
    }
}
