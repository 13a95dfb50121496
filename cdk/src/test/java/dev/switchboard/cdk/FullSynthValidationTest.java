package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build's one full synth with CloudFormation validation on: {@link SwitchboardApp#main} for prod in a fresh JVM
 * (exactly what cdk.json's app runs) with {@code CDK_VALIDATION=true}, then the AWS Control Tower cfn-guard rules from
 * npm {@code @cdklabs/cdk-validator-cfnguard} over its cdk.out. Every guard failure must be listed, with a reason, in
 * cdk/cfn-guard-suppressions.json, and every listed suppression must still match a failure. That the CDK CLI's synth
 * (cdk.json's app) gives the same templates as main run directly is checked by bench/smoke.sh
 * ({@link CliSynthParitySmokeTest}): a third synth of prod.
 */
class FullSynthValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "cdk.out-validated").toAbsolutePath();
    private static final Path GUARD = SwitchboardApp.root().resolve("node_modules/@cdklabs/cdk-validator-cfnguard");
    private static int exit;
    private static String output;
    private static long millis;
    /** cfn-guard over main's templates, one process per template, started as soon as main's synth is done. */
    private static CompletableFuture<List<JsonNode>> guardResults;

    /** Threads that wait on child processes (not the common pool's: they block). */
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "full-synth-child");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void synthProdWithValidation() throws Exception {
        deleteTree(OUT);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(),
                "-Dswitchboard.root=" + SwitchboardApp.root(),
                "-cp", System.getProperty("java.class.path"), SwitchboardApp.class.getName(), "env=prod")
                .redirectErrorStream(true);
        pb.environment().put("CDK_VALIDATION", "true");
        // as cdk.json's app runs it: with its JSII_DEPRECATED if it sets one (it no longer does: QuietSynthTest)
        Matcher deprecated = Pattern.compile("JSII_DEPRECATED=(\\w+)").matcher(String.valueOf(
                SwitchboardApp.readJson(SwitchboardApp.root().resolve("cdk.json")).get("app")));
        if (deprecated.find()) {
            pb.environment().put("JSII_DEPRECATED", deprecated.group(1));
        } else {
            pb.environment().remove("JSII_DEPRECATED");
        }
        pb.environment().put("NODE_OPTIONS", "--max-semi-space-size=64");
        pb.environment().put("CDK_OUTDIR", OUT.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        millis = (System.nanoTime() - start) / 1_000_000;
        exit = p.exitValue();
        System.out.println("prod synth with validation, fresh JVM: " + millis + " ms");
        if (exit == 0 && Files.isExecutable(guardBinary())) {
            guardResults = startGuard();
        }
    }

    private static Path guardBinary() {
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch64" : "x86_64";
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("mac") ? "macos" : "ubuntu";
        return GUARD.resolve("bin/" + os + "/" + arch + "/cfn-guard");
    }

    /**
     * The Control Tower rules over every template main wrote, each template in its own cfn-guard process (the
     * regional templates take seconds of CPU each; side by side they use both cores). The results are cfn-guard's
     * JSON documents of all runs together, as one run over the directory gives them.
     */
    private static CompletableFuture<List<JsonNode>> startGuard() throws Exception {
        Path data = OUT.resolve("guard-input");
        List<CompletableFuture<List<JsonNode>>> runs = new ArrayList<>();
        try (var files = Files.list(OUT)) {
            for (Path t : files.filter(f -> f.toString().endsWith(".template.json")).sorted().toList()) {
                Path dir = data.resolve(t.getFileName().toString().replace(".template.json", ""));
                Files.createDirectories(dir);
                Files.copy(t, dir.resolve(t.getFileName()));
                runs.add(CompletableFuture.supplyAsync(() -> guard(dir), WAITERS));
            }
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<JsonNode> all = new ArrayList<>();
            runs.forEach(r -> all.addAll(r.join()));
            return all;
        });
    }

    private static List<JsonNode> guard(Path data) {
        try {
            Process p = new ProcessBuilder(guardBinary().toString(), "validate", "-r",
                    GUARD.resolve("rules/control-tower/cfn-guard").toString(), "-d", data.toString(), "-o", "json",
                    "-S", "none").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<JsonNode> results = new ArrayList<>();
            try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(p.getInputStream())) {
                it.forEachRemaining(results::add);
            }
            p.waitFor(300, TimeUnit.SECONDS);
            return results;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("cfn-guard failed over " + data + ": " + e, e);
        }
    }

    @Test
    void prodSynth_withCloudFormationValidation_succeedsWithoutFindings() throws Exception {
        assertThat(exit).as(output).isZero();
        // cdk.json's prod account is a placeholder: main says so, once, and no deprecation warning is printed
        assertThat(output).containsOnlyOnce("Switchboard: account 333333333333 of environment 'prod' is a placeholder")
                .doesNotContain("deprecated");
        Map<String, Object> report = SwitchboardApp.readJson(OUT.resolve("validation-report.json"));
        assertThat((List<?>) report.get("pluginReports")).as(output).allSatisfy(r ->
                assertThat((List<?>) ((Map<?, ?>) r).get("violations")).as(r.toString()).isEmpty());
        assertThat(OUT.resolve("switchboard-prod-us-east-1.template.json")).exists();
        assertThat(OUT.resolve("switchboard-prod-edge.template.json")).exists();
    }

    @Test
    void controlTowerGuardRules_passOrAreSuppressedWithAReason() throws Exception {
        assertThat(exit).as(output).isZero();
        assertThat(guardBinary()).as("cfn-guard from npm @cdklabs/cdk-validator-cfnguard (npm ci)").isExecutable();
        List<JsonNode> results = guardResults.get(300, TimeUnit.SECONDS);
        assertThat(results).as("cfn-guard evaluated the rules").hasSizeGreaterThan(100);

        Set<String> failures = new TreeSet<>();
        Pattern resource = Pattern.compile("/Resources/([A-Za-z0-9]+)");
        for (JsonNode r : results) {
            if (!"FAIL".equals(r.path("status").asText())) {
                continue;
            }
            String stack = new File(r.path("name").asText()).getName().replace(".template.json", "");
            for (JsonNode nc : r.path("not_compliant")) {
                String rule = nc.path("Rule").path("name").asText();
                Matcher m = resource.matcher(nc.toString());
                while (m.find()) {
                    failures.add(rule + " " + stack + "/" + m.group(1));
                }
            }
        }
        Map<String, Object> file = SwitchboardApp.readJson(SwitchboardApp.root().resolve("cdk/cfn-guard-suppressions.json"));
        List<Map<String, String>> suppressions = JSON.convertValue(file.get("suppressions"),
                new TypeReference<List<Map<String, String>>>() { });
        assertThat(suppressions).allSatisfy(s -> assertThat(s.get("reason")).hasSizeGreaterThan(40));
        Set<String> used = new TreeSet<>();
        List<String> unsuppressed = new ArrayList<>();
        for (String f : failures) {
            String rule = f.substring(0, f.indexOf(' '));
            String id = f.substring(f.indexOf('/') + 1);
            Map<String, String> match = suppressions.stream().filter(s -> s.get("rule").equals(rule)
                    && id.matches(s.get("resources"))).findFirst().orElse(null);
            if (match == null) {
                unsuppressed.add(f);
            } else {
                used.add(rule);
            }
        }
        assertThat(unsuppressed).as("cfn-guard failures without a suppression").isEmpty();
        assertThat(suppressions).as("stale suppressions").allSatisfy(s -> assertThat(used).contains(s.get("rule")));
    }

    @Test
    void prodSynth_inAFreshJvmWithValidation_exitsCleanly() {
        // synth time is a benchmark (cdk/bin/synth-time.sh, docs/deploy.md), not a timed test: this only needs success
        assertThat(exit).as(output).isZero();
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
