package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.blueprint.BlueprintException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/** Bad configuration stops synth with a message that names the field and the fix. */
class ConfigurationTest {
    private static final Path JAR = SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR);

    private static void build(String env, Map<String, Object> environments) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        if (env != null) {
            ctx.put("env", env);
        }
        ctx.put("environments", environments);
        SwitchboardApp.build(App.Builder.create().context(ctx).build(), JAR);
    }

    @Test
    void unknownEnvironment_namesTheChoices() {
        assertThatThrownBy(() -> build("prd", Map.of("prod", Map.of("account", "333333333333"))))
                .isInstanceOf(BlueprintException.class)
                .hasMessage("env: unknown environment 'prd'. Fix: use one of [dev, prod, staging] or define"
                        + " environments.prd with account, regions and primaryRegion");
    }

    @Test
    void noEnvironmentChosen_saysHowToPassOne() {
        assertThatThrownBy(() -> build(null, Map.of())).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("env: no environment chosen").hasMessageContaining("-c env=dev");
    }

    @Test
    void regionTypo_namesTheRegionField() {
        assertThatThrownBy(() -> build("prod", Map.of("prod", Map.of("account", "333333333333",
                "regions", List.of("us-east-1", "eu-wset-1"))))).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("environments.prod.regions[1]: unknown region 'eu-wset-1'. Fix: use one of");
    }

    @Test
    void primaryRegionNotAmongTheRegions_namesPrimaryRegion() {
        assertThatThrownBy(() -> build("prod", Map.of("prod", Map.of("account", "333333333333",
                "regions", List.of("eu-west-1"), "primaryRegion", "us-east-1"))))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("environments.prod.primaryRegion: 'us-east-1' is not among the regions");
    }

    @Test
    void noAccount_stopsSynth_namingTheAccountField() {
        assertThatThrownBy(() -> build("dev", Map.of())).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("environments.dev.account: no AWS account for environment 'dev'")
                .hasMessageContaining("cdk.json context");
    }

    @Test
    void unknownSetting_namesIt() {
        assertThatThrownBy(() -> build("dev", Map.of("dev", Map.of("account", "111111111111", "region",
                "us-east-1")))).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("environments.dev.region: unknown setting");
    }
}
