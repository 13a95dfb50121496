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

    static String stackTrace(Throwable t) {
        var w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
