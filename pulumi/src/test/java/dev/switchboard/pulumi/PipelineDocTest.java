package dev.switchboard.pulumi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline in docs/ci.md parses, builds what Pulumi.yaml runs, previews on PRs and gates prod. */
@SuppressWarnings({"unchecked", "cast"})
class PipelineDocTest {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));

    @Test
    void theDocumentedWorkflow_previewsPullRequestsAndDeploysEachStackBehindItsEnvironment() throws Exception {
        // GIVEN the workflow block of docs/ci.md
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(ROOT.resolve("docs/ci.md")));
        assertThat(m.find()).isTrue();
        Map<String, Object> wf = new ObjectMapper(new YAMLFactory()).readValue(m.group(1), Map.class);
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) wf.get("jobs");
        // THEN OIDC, a preview per stack on pull requests, an `up` per stack on main, one at a time, per environment
        assertThat((Map<String, Object>) wf.get("permissions")).containsEntry("id-token", "write");
        assertThat(jobs).containsKeys("test", "preview", "deploy");
        assertThat(steps(jobs.get("preview"))).anyMatch(s -> s.startsWith("pulumi preview --stack"));
        assertThat(steps(jobs.get("deploy"))).anyMatch(s -> s.startsWith("pulumi up --stack"));
        assertThat((List<String>) ProgramRun.at(jobs.get("deploy"), "strategy", "matrix", "stack"))
                .containsExactly("dev", "staging", "prod");
        assertThat((Object) ProgramRun.at(jobs.get("deploy"), "strategy", "max-parallel")).isEqualTo(1);
        assertThat(jobs.get("deploy")).containsEntry("environment", "${{ matrix.stack }}");
        // AND the build step produces the jar Pulumi.yaml runs (the package phase shades it)
        String build = "mvn -B -DskipNpm -pl lambdas,pulumi -am package -Dmaven.test.skip=true";
        assertThat(steps(jobs.get("deploy"))).contains(build);
        assertThat(steps(jobs.get("preview"))).contains(build);
        assertThat(Files.readString(ROOT.resolve("Pulumi.yaml"))).contains(build);
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains(build);
    }

    /**
     * After `pulumi up`, each stack's job probes every region of its outputs (docs/probe.md) under the probe role,
     * with the signing key in a file, and uploads the JUnit report even on failure; nothing lets the job pass a
     * failed probe, so the one-at-a-time matrix never reaches the next stack.
     */
    @Test
    void theDocumentedWorkflow_probesEveryRegionAfterEachUp_underTheProbeRole() throws Exception {
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(ROOT.resolve("docs/ci.md")));
        assertThat(m.find()).isTrue();
        Map<String, Object> wf = new ObjectMapper(new YAMLFactory()).readValue(m.group(1), Map.class);
        Map<String, Object> deploy = ((Map<String, Map<String, Object>>) wf.get("jobs")).get("deploy");
        List<Map<String, Object>> all = (List<Map<String, Object>>) deploy.get("steps");
        int up = indexOf(all, s -> String.valueOf(s.get("run")).startsWith("pulumi up --stack"));
        int outputs = indexOf(all, s -> String.valueOf(s.get("run")).startsWith("pulumi stack output --stack ${{ matrix.stack }} --json > outputs.json"));
        int role = indexOf(all, s -> String.valueOf((Object) ProgramRun.at(s, "with", "role-to-assume")).contains("PROBE_ROLE_"));
        int probe = indexOf(all, s -> String.valueOf(s.get("run")).contains("./switchboard probe "));
        int report = indexOf(all, s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact@"));
        assertThat(List.of(up, outputs, role, probe, report)).doesNotContain(-1).isSorted();
        String run = String.valueOf(all.get(probe).get("run"));
        assertThat(run).contains(".websocketUrls").contains(".callbackUrls").contains("--url \"$region=$ws,$callback\"")
                .contains("--secret-id \"switchboard/$ENVIRONMENT/jwt-signing\"")
                .contains("--signing-key-file \"$RUNNER_TEMP/probe-signing-key\"")
                .contains("--junit \"probe-$ENVIRONMENT.xml\"").contains("set -euo pipefail").doesNotContain("--token ");
        assertThat(all.get(probe)).doesNotContainKey("continue-on-error");
        assertThat((Map<String, Object>) all.get(probe).get("env")).containsEntry("ENVIRONMENT", "${{ matrix.stack }}");
        assertThat(all.get(report)).containsEntry("if", "always()");
        assertThat((Map<String, Object>) all.get(report).get("with")).containsEntry("path", "probe-${{ matrix.stack }}.xml");
        assertThat(deploy).doesNotContainKey("continue-on-error");
        assertThat((Object) ProgramRun.at(deploy, "strategy", "fail-fast")).isNotEqualTo(false);
    }

    static int indexOf(List<Map<String, Object>> steps, java.util.function.Predicate<Map<String, Object>> p) {
        for (int i = 0; i < steps.size(); i++) {
            if (p.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    static List<String> steps(Map<String, Object> job) {
        return ((List<Map<String, Object>>) job.get("steps")).stream()
                .filter(s -> s.containsKey("run")).map(s -> s.get("run").toString().trim()).toList();
    }
}
