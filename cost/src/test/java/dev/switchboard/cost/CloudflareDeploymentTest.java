package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The estimator's Cloudflare defaults are the deployment's: read from the renderer and the Pulumi program. */
class CloudflareDeploymentTest {
    @Test
    void defaultShards_areTheWorkerSettingsDefault() {
        String settings = WorkerSource.read(
                "jsplatforms/src/main/java/dev/switchboard/jsplatforms/WorkerSettings.java");
        assertThat(settings).contains("public static final int DEFAULT_SHARDS = "
                + CloudflareDeployment.DEFAULT_SHARDS + ";");
    }

    @Test
    void defaultPlan_isThePulumiProgramsDefault() {
        String program = WorkerSource.read(
                "pulumi/src/main/java/dev/switchboard/pulumi/cloudflare/CloudflareProgram.java");
        assertThat(program).contains("c.get(PLAN).orElse(\"" + CloudflareDeployment.DEFAULT_PLAN + "\")");
    }

    @Test
    void badValues_nameTheFlagAndTheFix() {
        assertThatThrownBy(() -> new CloudflareDeployment(0, "pro", true, 10))
                .hasMessageStartingWith("--shards: 0 is not between 1 and 10000. Fix:");
        assertThatThrownBy(() -> new CloudflareDeployment(4, "gold", true, 10))
                .hasMessageStartingWith("--cloudflare-plan: unknown plan 'gold'. Fix: use one of free, pro,");
        assertThatThrownBy(() -> new CloudflareDeployment(4, "pro", true, 0))
                .hasMessageStartingWith("--do-ms-per-event: 0.0 is not above 0");
    }
}
