package dev.switchboard.pulumi;

import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.TableAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void handlerJar_namesAJarOfTheUsers_orStopsWithTheKeyAndTheFix(@TempDir Path dir) throws Exception {
        // GIVEN a jar, a text file and a directory
        Path jar = ProgramRun.jar("stack-config-handlers.jar");
        Path text = Files.writeString(dir.resolve("handlers.jar"), "not a zip");
        // THEN a jar is taken as it is
        assertThat(StackConfig.handlerJar(k -> Optional.of(jar.toString()))).isEqualTo(jar);
        // AND a missing file, a directory or a file without a zip header stop the program naming the key and the fix
        for (Path bad : List.of(dir.resolve("missing.jar"), dir, text)) {
            assertThatThrownBy(() -> StackConfig.handlerJar(k -> Optional.of(bad.toString())))
                    .isInstanceOf(BlueprintException.class)
                    .hasMessageStartingWith("switchboard:handlerJar: names " + bad)
                    .hasMessageContaining("Fix: build Switchboard's handlers")
                    .hasMessageContaining("pulumi config set handlerJar path/to/handlers.jar");
        }
    }

    @Test
    void handlerJar_unset_isTheDefault_andItsAbsenceNamesTheKey() {
        // GIVEN no handlerJar in a directory without lambdas/target (the tests run in pulumi/)
        assertThat(Path.of(SwitchboardArgs.DEFAULT_HANDLER_JAR)).doesNotExist();
        // THEN the default is looked for, and its absence says how to set the key
        assertThatThrownBy(() -> StackConfig.handlerJar(k -> Optional.empty()))
                .hasMessageStartingWith("switchboard:handlerJar: is not set and the default is "
                        + SwitchboardArgs.DEFAULT_HANDLER_JAR + ", which does not exist");
    }

    @Test
    void handlerJar_reachesEveryFunction_throughTheProgramsEntryPoint() {
        // GIVEN a stack whose config names a jar of the user's
        Path jar = ProgramRun.jar("user-handlers.jar");
        ProgramRun run = ProgramRun.run(Map.of("switchboard:account", ProgramRun.ACCOUNT,
                "switchboard:environment", "dev", "switchboard:handlerJar", jar.toString()), (ctx, ignored) -> {
            App.stack(ctx);
            return null;
        });
        // THEN every function's code is that jar
        assertThat(run.declared.stream().filter(d -> d.type().equals(Types.FUNCTION)))
                .hasSize(9).allSatisfy(d -> assertThat(Snapshots.normalise(d.serializedInputs()).toString())
                        .contains("code=archive:" + jar));
    }

    @Test
    void systemNameAndEdgeOff_throughTheProgramsEntryPoint_needNoOriginSecret() {
        // GIVEN a stack of system games without the edge, and no originSecret set
        Map<String, String> config = new java.util.HashMap<>(Map.of("switchboard:account", ProgramRun.ACCOUNT,
                "switchboard:environment", "dev", "switchboard:systemName", "games", "switchboard:edge", "false"));
        config.put("switchboard:" + StackConfig.ORIGIN_SECRET, null);
        // WHEN App.stack runs
        ProgramRun run = ProgramRun.run(config, (ctx, ignored) -> {
            App.stack(ctx);
            return null;
        });
        // THEN every physical name is the system's, and clients get the execute-api URL
        assertThat(GraphGuards.physicalNames(run)).isNotEmpty()
                .allSatisfy(n -> assertThat(n).containsAnyOf(" games-dev", "/games-dev-", " games/dev/"));
        assertThat(run.ofType(Types.DISTRIBUTION)).isEmpty();
        assertThat(run.ofType(Types.WEB_ACL)).isEmpty();
        assertThat(run.outputs).doesNotContainKey("webAclArn");
        assertThat(run.outputs.get("websocketUrls")).isEqualTo(Map.of("us-east-1",
                "wss://games-us-east-1-api-id.execute-api.us-east-1.amazonaws.com/dev"));
        assertThat(GraphGuards.check(run)).isEmpty();
    }
}
