package dev.switchboard.pulumi;

import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.TableAccess;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

    static Environment read(String stack, Map<String, String> config) {
        return StackConfig.environment(stack, k -> Optional.ofNullable(config.get(k)));
    }

    @Test
    void environment_defaultsToTheStackName_withTheBlueprintsDefaults() {
        // GIVEN only an account WHEN the prod stack reads its config
        Environment env = read("prod", Map.of("account", "123456789012"));
        // THEN the rest comes from the blueprint's prod environment
        assertThat(env.name()).isEqualTo("prod");
        assertThat(env.account()).isEqualTo("123456789012");
        assertThat(env.regions()).hasSize(3);
        assertThat(env.deletionProtection()).isTrue();
    }

    @Test
    void environment_readsOverrides_commaListsAndJson() {
        Environment env = read("my-stack", Map.of(
                "environment", "staging",
                "account", "123456789012",
                "regions", "eu-west-1, us-east-1",
                "primaryRegion", "us-east-1",
                "logRetentionDays", "7",
                "deletionProtection", "true",
                "accessLogs", "existing_account_role",
                "routes", "[{\"routeKey\":\"typing\",\"handler\":\"com.example.Typing\",\"tableAccess\":\"read\"}]"));
        assertThat(env.name()).isEqualTo("staging");
        assertThat(env.regions()).containsExactly("eu-west-1", "us-east-1");
        assertThat(env.replicaRegions()).containsExactly("eu-west-1");
        assertThat(env.logRetentionDays()).isEqualTo(7);
        assertThat(env.deletionProtection()).isTrue();
        assertThat(env.accessLogs()).isEqualTo(AccessLogs.EXISTING_ACCOUNT_ROLE);
        assertThat(env.customRoutes()).singleElement().satisfies(r -> {
            assertThat(r.routeKey()).isEqualTo("typing");
            assertThat(r.tableAccess()).isEqualTo(TableAccess.READ);
        });
        assertThat(read("dev", Map.of("regions", "[\"us-west-2\"]")).regions()).containsExactly("us-west-2");
        // `pulumi config set --path customDomain.domainName ...` stores an object, which the program reads as JSON
        assertThat(read("dev", Map.of("customDomain", "{\"domainName\":\"ws.example.com\",\"hostedZoneId\":\"Z1\","
                + "\"hostedZoneName\":\"example.com\"}")).customDomain().domainName()).isEqualTo("ws.example.com");
    }

    @Test
    void badConfig_stopsWithAMessageNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> read("dev", Map.of("regions", "us-est-1")))
                .isInstanceOf(BlueprintException.class)
                .hasMessageContaining("environments.dev.regions[0]").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> read("qa", Map.of()))
                .hasMessageContaining("unknown environment 'qa'");
        assertThatThrownBy(() -> read("dev", Map.of("routes", "[{oops")))
                .hasMessageContaining("switchboard:routes");
    }

    @Test
    void anEnvironmentWithoutAnAccount_failsTheProgramNamingTheSetting() {
        Environment env = read("dev", Map.of());
        assertThatThrownBy(() -> ProgramRun.of(dev.switchboard.blueprint.Blueprint.reference(env)))
                .hasStackTraceContaining("environments.dev.account");
    }
}
