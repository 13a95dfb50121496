package dev.switchboard.pulumi;

import dev.switchboard.blueprint.AccessLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** EXISTING_ACCOUNT_ROLE: access logs on, and the account's API Gateway role left to its owner. */
class AccessLogsExistingRoleTest {
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN dev whose account already has the API Gateway CloudWatch role WHEN the program defines it
        run = ProgramRun.of(ProgramRun.blueprint("dev", Map.of("accessLogs", AccessLogs.EXISTING_ACCOUNT_ROLE.name())));
    }

    @Test
    void theStageLogs_withoutTakingOverTheAccountSetting() {
        assertThat(run.ofType(Types.STAGE).get(0).inputs()).containsKey("accessLogSettings");
        assertThat(run.ofType(Types.APIGW_ACCOUNT)).isEmpty();
        assertThat(run.ofType(Types.ROLE_POLICY_ATTACHMENT)).isEmpty();
        assertThat(run.declared("us-east-1-stage").dependsOn()).isEmpty();
    }
}
