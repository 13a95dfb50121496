package dev.switchboard.pulumi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulumi.yaml runs the jar the build makes; the stack files hold only what the blueprint cannot know. */
@SuppressWarnings({"unchecked", "cast"})
class ConfigFilesTest {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Map<String, Object> yaml(String file) throws IOException {
        return YAML.readValue(ROOT.resolve(file).toFile(), Map.class);
    }

    static String shadeOutput(String pom) throws IOException {
        Matcher m = Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
                .matcher(Files.readString(ROOT.resolve(pom)));
        assertThat(m.find()).as("shade outputFile in " + pom).isTrue();
        return m.group(1);
    }

    /** The handler jar the lambdas build deploys: ProGuard's output, the shrunk shaded jar. */
    static String handlerJar() throws IOException {
        Matcher m = Pattern.compile("<outjar>([^<]+)</outjar>").matcher(Files.readString(ROOT.resolve("lambdas/pom.xml")));
        assertThat(m.find()).as("ProGuard outjar in lambdas/pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void pulumiYaml_runsTheShadedProgramJarThatTheBuildProduces() throws IOException {
        Map<String, Object> project = yaml("Pulumi.yaml");
        assertThat(project).containsEntry("name", "switchboard");
        assertThat((Object) ProgramRun.at(project, "runtime", "name")).isEqualTo("java");
        assertThat((Object) ProgramRun.at(project, "runtime", "options", "binary"))
                .isEqualTo("pulumi/target/" + shadeOutput("pulumi/pom.xml"));
        assertThat(SwitchboardArgs.DEFAULT_HANDLER_JAR).isEqualTo("lambdas/target/" + handlerJar());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void stackFile_holdsOnlyTheEnvironmentAndAccount_andResolvesToTheBlueprintsEnvironment(String stack)
            throws IOException {
        // GIVEN Pulumi.<stack>.yaml
        Map<String, Object> config = (Map<String, Object>) yaml("Pulumi." + stack + ".yaml").get("config");
        Set<String> allowed = new HashSet<>();
        allowed.add("switchboard:" + StackConfig.ENVIRONMENT);
        StackConfig.OVERRIDES.forEach(k -> allowed.add("switchboard:" + k));
        // THEN it sets no region list, limit or route the blueprint already knows, and no plain secret
        assertThat(config.keySet()).isSubsetOf(allowed).doesNotContain("switchboard:regions", "switchboard:routes");
        assertThat(config).doesNotContainKeys("switchboard:" + StackConfig.JWT_SECRET,
                "switchboard:" + StackConfig.ORIGIN_SECRET);
        // AND it resolves to the default environment of that name, with an account
        Environment env = StackConfig.environment(stack,
                k -> Optional.ofNullable(config.get("switchboard:" + k)).map(Object::toString));
        Environment defaults = Environments.defaults().get(stack);
        assertThat(env.name()).isEqualTo(stack);
        assertThat(env.account()).matches("\\d{12}");
        assertThat(env.regions()).isEqualTo(defaults.regions());
        assertThat(env.deletionProtection()).isEqualTo(defaults.deletionProtection());
    }
}
