package dev.switchboard.pulumi;

import com.pulumi.core.Output;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {

    @Test
    void aJwtSecretTooShortForTheAuthorizer_failsTheDeployment_withoutPrintingIt() {
        // GIVEN a 12-byte HS256 secret WHEN the program runs THEN it fails naming the setting and the fix, not the value
        var bp = ProgramRun.blueprint("dev", Map.of());
        assertThatThrownBy(() -> ProgramRun.run((ctx, ignored) -> App.define(ctx, bp,
                new SwitchboardSecrets(Output.of("short-secret"), Output.of("origin-value")))))
                .hasStackTraceContaining("switchboard:jwtSecret")
                .hasStackTraceContaining("has 12 bytes")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(stackTrace(e)).doesNotContain("short-secret"));
    }

    /**
     * Every secret the program creates has a name that cannot pass for an ARN suffix, and the authorizer gets each
     * secret's complete ARN in its own region (Secrets Manager: a name ending in a hyphen and six characters makes a
     * partial ARN ambiguous, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
     */
    @Test
    void secretNames_neverEndLikeAnArnSuffix_andTheAuthorizerGetsFullArns() {
        ProgramRun run = ProgramRun.shared(ProgramRun.blueprint("prod", Map.of("alarmEmail", ProdStackTest.EMAIL)));
        var secrets = run.ofType(Types.SECRET);
        org.assertj.core.api.Assertions.assertThat(secrets).hasSize(6).allSatisfy(s -> org.assertj.core.api.Assertions
                .assertThat(dev.switchboard.blueprint.SecretNames.looksLikeArnSuffix((String) s.inputs().get("name")))
                .as((String) s.inputs().get("name")).isFalse());
        for (var fn : run.ofType(Types.FUNCTION, f -> f.name().endsWith("-authorizer"))) {
            String region = run.regionOf(fn);
            Map<String, Object> vars = ProgramRun.at(fn.inputs(), "environment", "variables");
            org.assertj.core.api.Assertions.assertThat(vars).containsEntry("ORIGIN_SECRET_ARN", "arn:aws:secretsmanager:"
                    + region + ":" + ProgramRun.ACCOUNT + ":secret:switchboard/prod/origin-header-value-AbCdEf")
                    .containsEntry("JWT_SECRET_ARN", "arn:aws:secretsmanager:" + region + ":" + ProgramRun.ACCOUNT
                            + ":secret:switchboard/prod/jwt-signing-AbCdEf");
        }
    }

    static String stackTrace(Throwable t) {
        var w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
