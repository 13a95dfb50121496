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
        for (JsonNode s : job.path("steps")) {
            if (s.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@")) {
                return s;
            }
        }
        return null;
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
            JsonNode aws = awsStep(e.getValue());
            if (aws != null) {
                withAws.add(e.getKey());
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
}
