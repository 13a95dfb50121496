package dev.switchboard.pulumi;

import dev.switchboard.blueprint.AccessLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.switchboard.pulumi.ProgramRun.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/** Access logs on the same terms as CDK: only with the account's API Gateway CloudWatch role, which the stage waits for. */
@SuppressWarnings({"unchecked", "cast"})
class AccessLogsTest {
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN dev with accessLogs = CREATE_ACCOUNT_ROLE WHEN the program defines it
        run = ProgramRun.of(ProgramRun.blueprint("dev", Map.of("accessLogs", AccessLogs.CREATE_ACCOUNT_ROLE.name())));
    }

    @Test
    void guard_theStageLogsOnlyAfterTheAccountRoleExists() {
        AwsMocks.Registered stage = run.ofType(Types.STAGE).get(0);
        assertThat(stage.inputs()).containsKey("accessLogSettings");
        assertThat((Object) ProgramRun.at(stage.inputs(), "accessLogSettings", "destinationArn")).isEqualTo(
                "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/apigateway/switchboard-dev-access");
        assertThat(run.ofType(Types.APIGW_ACCOUNT)).singleElement().satisfies(a -> {
            assertThat(run.regionOf(a)).isEqualTo("us-east-1");
            assertThat(a.inputs()).containsEntry("cloudwatchRoleArn",
                    "arn:aws:iam::" + ACCOUNT + ":role/us-east-1-apigateway-cloudwatch-role");
        });
        assertThat(run.declared(stage.name()).dependsOn()).containsExactly("us-east-1-apigateway-account");
    }

    @Test
    void theAccountRoleIsAssumedByApiGatewayWithTheManagedPushPolicy() {
        assertThat(run.named(Types.ROLE, "us-east-1-apigateway-cloudwatch-role").inputs().get("assumeRolePolicy"))
                .asString().contains("apigateway.amazonaws.com");
        assertThat(run.ofType(Types.ROLE_POLICY_ATTACHMENT)).singleElement().satisfies(a -> assertThat(a.inputs())
                .containsEntry("policyArn", WebSocketEndpoint.PUSH_TO_CLOUDWATCH)
                .containsEntry("role", "us-east-1-apigateway-cloudwatch-role"));
        assertThat(run.declared("us-east-1-apigateway-account").dependsOn())
                .containsExactly("us-east-1-apigateway-cloudwatch-policy");
    }
}
