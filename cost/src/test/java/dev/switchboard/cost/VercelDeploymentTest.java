package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The estimator's Vercel defaults are the deployment's: read from the function's settings renderer (jsplatforms). */
class VercelDeploymentTest {
    private static final String SETTINGS = WorkerSource.read(
            "jsplatforms/src/main/java/dev/switchboard/jsplatforms/VercelSettings.java");

    @Test
    void maxDuration_closeMargin_andHeartbeat_areTheFunctionsDefaults() {
        assertThat(SETTINGS).contains("DEFAULT_MAX_DURATION = Duration.ofSeconds("
                + VercelDeployment.DEFAULT_MAX_DURATION_SECONDS + ");");
        assertThat(SETTINGS).contains("CLOSE_MARGIN = Duration.ofSeconds("
                + VercelDeployment.CLOSE_MARGIN.toSeconds() + ");");
        assertThat(SETTINGS).contains("HEARTBEAT = Duration.ofSeconds("
                + VercelDeployment.HEARTBEAT.toSeconds() + ");");
    }
}
