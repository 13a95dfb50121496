package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The estimator's Azure defaults are the deployment's: read from the Pulumi program's Azure stack. */
class AzureDeploymentTest {
    private static final String STACK = WorkerSource.read(
            "pulumi/src/main/java/dev/switchboard/pulumi/azure/AzureStack.java");

    @Test
    void instanceMemory_isTheFunctionAppsInstanceMemory() {
        assertThat(STACK).contains("INSTANCE_MEMORY_MB = " + AzureDeployment.DEFAULT_INSTANCE_MEMORY_MB + ";");
    }

    @Test
    void systemEvents_areTheHubsThree_eachAnExecutionAndAMessage() {
        assertThat(STACK).contains("SYSTEM_EVENTS = List.of(\"connect\", \"connected\", \"disconnected\");");
        assertThat(AzureModel.SYSTEM_EVENTS).isEqualTo(3);
    }
}
