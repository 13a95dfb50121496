package dev.switchboard.pulumi;

import dev.switchboard.blueprint.Environments;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deploy.md's "Rotating secrets" procedure names the test behind each step: every test it names exists, and it
 * covers both secrets with both renderers, with the configuration keys the programs read.
 */
class RotationDocTest {
    static final Path ROOT = PipelineDocTest.ROOT;
    static final List<String> TEST_SOURCES = List.of("blueprint/src/test/java", "cdk/src/test/java",
            "pulumi/src/test/java", "lambdas/src/test/java");

    static String section() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/deploy.md"));
        int start = doc.indexOf("\n## Rotating secrets\n");
        assertThat(start).as("docs/deploy.md has a \"Rotating secrets\" section").isPositive();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    @Test
    void everyTestTheProcedureNames_exists() throws IOException {
        // GIVEN the test method names the section cites (backticked identifiers with an underscore)
        Matcher m = Pattern.compile("`([a-z][A-Za-z0-9]*_[A-Za-z0-9_]+)`").matcher(section());
        TreeSet<String> named = new TreeSet<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).hasSizeGreaterThanOrEqualTo(10);
        // THEN each is a test method in one of the modules' test sources
        String sources = testSources();
        List<String> missing = new ArrayList<>();
        for (String name : named) {
            if (!sources.contains("void " + name + "(")) {
                missing.add(name);
            }
        }
        assertThat(missing).as("tests named in docs/deploy.md that do not exist").isEmpty();
    }

    @Test
    void theProcedure_coversBothSecretsWithBothRenderers_andNamesTheKeysTheProgramsRead() throws IOException {
        String s = section();
        assertThat(s).contains("### JWT signing key, `cdk deploy`", "### JWT signing key, `pulumi up`",
                "### Origin header value, `cdk deploy`", "### Origin header value, `pulumi up`",
                "### After a leaked key", "### What cannot be proven without an AWS account");
        assertThat(s).contains("pulumi config set --secret " + StackConfig.JWT_SECRET_NEXT,
                "pulumi config set --secret " + StackConfig.ORIGIN_SECRET_NEXT,
                "context.environments.<env>.originSecretVersion", "\"" + Environments.ORIGIN_SECRET_VERSION + "\":",
                "SECRET_MAX_AGE_SECONDS", "300 s");
    }

    private static String testSources() {
        StringBuilder all = new StringBuilder();
        for (String dir : TEST_SOURCES) {
            Path p = ROOT.resolve(dir);
            if (!Files.isDirectory(p)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(p)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        all.append(Files.readString(f)).append('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
