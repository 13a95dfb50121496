package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * cfn-lint, AWS's CloudFormation linter (https://github.com/aws-cloudformation/cfn-lint), over every synthesized stack
 * of dev, prod and "qa" (every option on), each stack linted against the resource schemas of its own region: one
 * cfn-lint process for all of them, each template naming its region in its {@code Metadata.cfn-lint.config.regions}
 * (cfn-lint's template configuration, README "Metadata"). Between them these environments have every region and every
 * option; staging is prod with shorter log retention and no retained data (Environments.defaults) and is linted by
 * bench/smoke.sh ({@link CfnLintStagingSmokeTest}). Zero errors; warnings only when cdk/cfn-lint-accepted.json lists
 * them with a reason, and every entry there must still match. Only CDK output is linted; the Pulumi graphs are checked
 * against the same schemas by the pulumi module's CfnSchemaTest.
 */
class CfnLintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target", "cfn-lint").toAbsolutePath();
    /** The version the build is checked with (README prerequisites). */
    static final String VERSION = "1.51.0";
    private static final List<Finding> FINDINGS = new ArrayList<>();
    private static final Map<String, Integer> LINTED = new TreeMap<>();

    record Finding(String level, String rule, String stack, String resource, String message) {
        @Override
        public String toString() {
            return level + " " + rule + " " + stack + "/" + resource + ": " + message;
        }
    }

    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "cfn-lint");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    @BeforeAll
    static void lintEveryStackOfEveryEnvironment() throws Exception {
        FINDINGS.addAll(lintEnvironments(List.of("dev", "prod", "qa"), LINTED));
    }

    /** Lints every stack of {@code envs} in one cfn-lint process; counts the stacks per region into {@code linted}. */
    static List<Finding> lintEnvironments(List<String> envs, Map<String, Integer> linted) throws IOException {
        String exe = executable();
        assertThat(exe).as("cfn-lint is not on the PATH. Install it with Python 3: pip install cfn-lint==" + VERSION
                + " (README prerequisites)").isNotNull();
        List<Path> files = new ArrayList<>();
        for (String env : envs) {
            Synthesized s = Synthesized.of(env);
            for (Stack stack : s.deployment.stacks()) {
                files.add(write(DIR.resolve(env).resolve(stack.getStackName() + ".json"), s.json(stack),
                        stack.getRegion()));
                linted.merge(stack.getRegion(), 1, Integer::sum);
            }
        }
        return lint(exe, files);
    }

    /**
     * Writes {@code template} to {@code file} with {@code region} as the one region cfn-lint checks it against
     * ({@code Metadata.cfn-lint.config.regions}, which applies when the command line names no region).
     */
    static Path write(Path file, Map<String, Object> template, String region) throws IOException {
        Map<String, Object> t = new java.util.LinkedHashMap<>(template);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = t.get("Metadata") instanceof Map<?, ?> m
                ? new java.util.LinkedHashMap<>((Map<String, Object>) m) : new java.util.LinkedHashMap<>();
        metadata.put("cfn-lint", Map.of("config", Map.of("regions", List.of(region))));
        t.put("Metadata", metadata);
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(t), StandardCharsets.UTF_8);
        return file;
    }

    /** One cfn-lint process over {@code files}, each written by {@link #write} with its region. */
    static List<Finding> lint(String exe, List<Path> files) {
        try {
            List<String> cmd = new ArrayList<>(List.of(exe, "--format", "json"));
            files.forEach(f -> cmd.add(f.toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("cfn-lint timed out over " + files);
            }
            List<Map<String, Object>> matches = JSON.readValue(out, new TypeReference<List<Map<String, Object>>>() { });
            List<Finding> found = new ArrayList<>();
            for (Map<String, Object> m : matches) {
                @SuppressWarnings("unchecked")
                List<Object> path = (List<Object>) ((Map<String, Object>) m.get("Location")).get("Path");
                String resource = path.size() > 1 && "Resources".equals(path.get(0)) ? String.valueOf(path.get(1)) : "";
                String stack = Path.of(String.valueOf(m.get("Filename"))).getFileName().toString()
                        .replace(".json", "");
                @SuppressWarnings("unchecked")
                String rule = String.valueOf(((Map<String, Object>) m.get("Rule")).get("Id"));
                found.add(new Finding(String.valueOf(m.get("Level")), rule, stack, resource,
                        String.valueOf(m.get("Message"))));
            }
            return found;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cfn-lint failed over " + files + ": " + e, e);
        }
    }

    @Test
    void everyStackOfEveryEnvironment_isLintedInItsOwnRegion() {
        assertThat(LINTED).containsOnlyKeys("us-east-1", "eu-west-1", "ap-northeast-1", "us-west-2");
        // dev 2, prod 4, qa 3 stacks
        assertThat(LINTED.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
    }

    @Test
    void noErrors() {
        assertThat(FINDINGS).filteredOn(f -> f.level().equals("Error")).isEmpty();
    }

    @Test
    void warnings_areAcceptedWithAReason_andNoAcceptanceIsStale() {
        Map<String, Object> file = SwitchboardApp.readJson(SwitchboardApp.root().resolve("cdk/cfn-lint-accepted.json"));
        List<Map<String, String>> accepted = JSON.convertValue(file.get("accepted"),
                new TypeReference<List<Map<String, String>>>() { });
        assertThat(accepted).allSatisfy(a -> assertThat(a.get("reason")).hasSizeGreaterThan(40));
        List<Finding> unaccepted = new ArrayList<>();
        TreeSet<Integer> used = new TreeSet<>();
        for (Finding f : FINDINGS) {
            if (!f.level().equals("Warning")) {
                continue;
            }
            int i = matching(accepted, f);
            if (i < 0) {
                unaccepted.add(f);
            } else {
                used.add(i);
            }
        }
        assertThat(unaccepted).as("cfn-lint warnings without an entry in cdk/cfn-lint-accepted.json").isEmpty();
        for (int i = 0; i < accepted.size(); i++) {
            assertThat(used).as("stale entry in cdk/cfn-lint-accepted.json: " + accepted.get(i)).contains(i);
        }
    }

    private static int matching(List<Map<String, String>> accepted, Finding f) {
        for (int i = 0; i < accepted.size(); i++) {
            Map<String, String> a = accepted.get(i);
            if (a.get("rule").equals(f.rule()) && f.resource().matches(a.get("resources"))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theUsEast1DashboardTagsFault_wouldBeAnError() throws Exception {
        // GIVEN prod's edge template with its dashboard tagged (as every stack's dashboards were before)
        Synthesized prod = Synthesized.of("prod");
        Map<String, Object> t = JSON.convertValue(prod.json(prod.edge()), new TypeReference<Map<String, Object>>() { });
        Map<String, Map<String, Object>> dashboards = Cfn.resources(t, "AWS::CloudWatch::Dashboard");
        assertThat(dashboards).isNotEmpty().allSatisfy((id, d) -> assertThat(Cfn.props(d)).doesNotContainKey("Tags"));
        dashboards.values().forEach(d -> Cfn.props(d).put("Tags", List.of(Map.of("Key", "k", "Value", "v"))));
        Path file = write(DIR.resolve("fault").resolve("dashboard-tags.json"), t, "us-east-1");
        // (and the same template given eu-west-1 as its region, linted in the same process)
        Path elsewhere = write(DIR.resolve("fault").resolve("dashboard-tags-eu-west-1.json"), t, "eu-west-1");
        List<Finding> findings = lint(executable(), List.of(file, elsewhere));
        // THEN cfn-lint reports it for us-east-1, and only there: each template is checked in its own region
        assertThat(findings).anySatisfy(f -> assertThat(f.toString()).startsWith("Error E3002").contains("Tags"));
        assertThat(findings).filteredOn(f -> f.rule().equals("E3002")).extracting(Finding::stack)
                .containsOnly("dashboard-tags");
    }
}
