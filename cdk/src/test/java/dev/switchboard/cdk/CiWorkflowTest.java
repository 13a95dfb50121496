package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** examples/ci/switchboard-cdk.yml: OIDC, cdk diff on pull requests, deploy per environment, approval gate on prod. */
class CiWorkflowTest {
    private static final JsonNode WORKFLOW = read();
    private static final JsonNode JOBS = WORKFLOW.path("jobs");

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(SwitchboardApp.root()
                    .resolve("examples/ci/switchboard-cdk.yml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> runs(JsonNode job) {
        List<String> out = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("run")) {
                out.add(s.path("run").asText());
            }
        });
        return out;
    }

    private static JsonNode awsStep(JsonNode job) {
        List<JsonNode> all = awsSteps(job);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<JsonNode> awsSteps(JsonNode job) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : job.path("steps")) {
            if (s.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@")) {
                out.add(s);
            }
        }
        return out;
    }

    private static int indexOf(JsonNode job, java.util.function.Predicate<JsonNode> step) {
        int i = 0;
        for (JsonNode s : job.path("steps")) {
            if (step.test(s)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    @Test
    void triggers_arePullRequestsAndPushesToMain() {
        // SnakeYAML reads the bare key `on` as YAML 1.1's boolean true
        JsonNode on = WORKFLOW.has("on") ? WORKFLOW.path("on") : WORKFLOW.path("true");
        assertThat(on.path("pull_request").path("branches").toString()).contains("main");
        assertThat(on.path("push").path("branches").toString()).contains("main");
        assertThat(WORKFLOW.path("permissions").path("contents").asText()).isEqualTo("read");
    }

    @Test
    void pullRequests_runCdkDiff_forEveryEnvironment() {
        JsonNode diff = JOBS.path("diff");
        assertThat(diff.path("if").asText()).contains("pull_request");
        List<String> envs = new ArrayList<>();
        diff.path("strategy").path("matrix").path("environment").forEach(e -> envs.add(e.asText()));
        assertThat(envs).containsExactly("dev", "staging", "prod");
        assertThat(runs(diff)).anySatisfy(r -> assertThat(r).startsWith("npx cdk diff --all")
                .contains("-c env=${{ matrix.environment }}"));
        assertThat(runs(diff)).noneMatch(r -> r.contains("cdk deploy"));
    }

    @Test
    void deploys_runPerEnvironment_inOrder_onMainOnly() {
        Map<String, String> needs = Map.of("deploy-dev", "test", "deploy-staging", "deploy-dev",
                "deploy-prod", "deploy-staging");
        needs.forEach((job, need) -> {
            JsonNode j = JOBS.path(job);
            String env = job.substring("deploy-".length());
            assertThat(j.path("needs").asText()).as(job).isEqualTo(need);
            assertThat(j.path("environment").asText()).as(job).isEqualTo(env);
            assertThat(j.path("if").asText()).as(job).contains("push").contains("refs/heads/main");
            assertThat(runs(j)).as(job).anySatisfy(r -> assertThat(r).startsWith("npx cdk deploy --all")
                    .contains("-c env=" + env + " ").contains("\"" + env + "\":{\"account\""));
            assertThat(runs(j)).as(job).allSatisfy(r -> assertThat(r).doesNotContain("-c env=" + other(env)));
        });
    }

    private static String other(String env) {
        return env.equals("prod") ? "dev" : "prod";
    }

    @Test
    void prod_waitsForTheApprovalGate_ofItsGitHubEnvironment() {
        JsonNode prod = JOBS.path("deploy-prod");
        assertThat(prod.path("environment").asText()).isEqualTo("prod");
        assertThat(JOBS.path("deploy-staging").path("environment").asText()).isNotEqualTo("prod");
        // only the prod job may target the prod environment (the approval gate is configured on it)
        JOBS.properties().forEach(e -> {
            if (!e.getKey().equals("deploy-prod")) {
                assertThat(e.getValue().path("environment").asText()).as(e.getKey()).isNotEqualTo("prod");
            }
        });
    }

    @Test
    void awsAccess_isOidcRoleAssumption_only() {
        List<String> withAws = new ArrayList<>();
        JOBS.properties().forEach(e -> {
            for (JsonNode aws : awsSteps(e.getValue())) {
                if (!withAws.contains(e.getKey())) {
                    withAws.add(e.getKey());
                }
                assertThat(e.getValue().path("permissions").path("id-token").asText()).as(e.getKey())
                        .isEqualTo("write");
                assertThat(aws.path("with").path("role-to-assume").asText()).as(e.getKey()).startsWith("${{ vars.");
                assertThat(aws.path("with").has("aws-access-key-id")).as(e.getKey()).isFalse();
                assertThat(aws.path("with").has("aws-secret-access-key")).as(e.getKey()).isFalse();
            }
        });
        assertThat(withAws).containsExactlyInAnyOrder("diff", "deploy-dev", "deploy-staging", "deploy-prod");
        assertThat(awsStep(JOBS.path("test"))).isNull();
    }

    @Test
    void everyJob_installsTheNodeToolsFromTheLockFile_andUsesJava21() {
        JOBS.properties().forEach(e -> {
            String steps = e.getValue().path("steps").toString();
            assertThat(steps).as(e.getKey()).contains("actions/setup-java@").contains("\"java-version\":\"21\"")
                    .contains("actions/setup-node@");
            if (!e.getKey().equals("test")) {
                assertThat(runs(e.getValue())).as(e.getKey()).contains("npm ci --no-audit --no-fund");
            }
        });
        assertThat(runs(JOBS.path("test"))).containsExactly("mvn -B verify");
    }

    /**
     * After each deploy, the probe (docs/probe.md) runs against every region the deploy wrote to cdk-outputs.json,
     * under the probe role (not the deploy role), with the signing key from Secrets Manager in a file (never on the
     * command line), writes JUnit XML that is uploaded even when it fails; the job fails with it, and the next
     * environment's job needs this one.
     */
    @Test
    void everyDeploy_isProbedInEveryRegion_underTheProbeRole_beforeTheNextEnvironment() {
        for (String env : List.of("dev", "staging", "prod")) {
            JsonNode job = JOBS.path("deploy-" + env);
            int deploy = indexOf(job, s -> s.path("run").asText().startsWith("npx cdk deploy --all"));
            int role = indexOf(job, s -> s.path("with").path("role-to-assume").asText().equals("${{ vars.AWS_PROBE_ROLE_ARN }}"));
            int probe = indexOf(job, s -> s.path("run").asText().contains("./switchboard probe "));
            int report = indexOf(job, s -> s.path("uses").asText().startsWith("actions/upload-artifact@"));
            assertThat(List.of(deploy, role, probe, report)).as(env).doesNotContain(-1).isSorted();
            assertThat(job.path("steps").get(deploy).path("run").asText()).as(env).contains("--outputs-file cdk-outputs.json");
            String run = job.path("steps").get(probe).path("run").asText();
            assertThat(job.path("steps").get(probe).path("env").path("ENVIRONMENT").asText()).as(env).isEqualTo(env);
            assertThat(run).as(env).contains("cdk-outputs.json").contains("WebSocketUrl").contains("CallbackUrl")
                    .contains("--url \"$region=$ws,$callback\"")
                    .contains("--secret-id \"switchboard/$ENVIRONMENT/jwt-signing\"")
                    .contains("--signing-key-file \"$RUNNER_TEMP/probe-signing-key\"")
                    .contains("--junit \"probe-$ENVIRONMENT.xml\"").contains("set -euo pipefail")
                    .doesNotContain("--token ").doesNotContain("continue-on-error");
            assertThat(job.path("steps").get(probe).has("continue-on-error")).isFalse();
            JsonNode upload = job.path("steps").get(report);
            assertThat(upload.path("if").asText()).as(env).isEqualTo("always()");
            assertThat(upload.path("with").path("path").asText()).as(env).isEqualTo("probe-" + env + ".xml");
            assertThat(upload.path("with").path("name").asText()).as(env).isEqualTo("probe-" + env);
        }
        assertThat(JOBS.path("deploy-staging").path("needs").asText()).isEqualTo("deploy-dev");
        assertThat(JOBS.path("deploy-prod").path("needs").asText()).isEqualTo("deploy-staging");
    }
}
