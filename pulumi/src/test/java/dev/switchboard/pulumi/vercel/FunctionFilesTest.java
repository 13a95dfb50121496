package dev.switchboard.pulumi.vercel;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deployment's layout guard: a repository laid out as Vercel needs it (the entry under the root directory's
 * {@code api/}, package.json with exact versions, vercel.json) gives its files; each fault is refused, naming the
 * file and the fix. The repository's own layout passes ({@code VercelStackTest} checks its files and hashes).
 */
class FunctionFilesTest {
    static final String REWRITE = "\"rewrites\": [{\"source\": \"/(.*)\", \"destination\": \"/api/switchboard\"}]";

    @TempDir
    Path repo;

    @BeforeEach
    void goodLayout() throws IOException {
        write(FunctionFiles.ENTRY, "import { make } from \"../function/server.mjs\";\nexport default make();\n");
        write("vercel/src/function/server.mjs", "import { createServer } from \"node:http\";\n"
                + "import { WebSocketServer } from \"ws\";\nimport {\n  Redis,\n} from \"ioredis\";\n"
                + "export function make() { return createServer(); }\n");
        write("vercel/src/local/dev.mjs", "import express from \"express\";\n");
        write(FunctionFiles.PACKAGE, "{\"dependencies\": {\"ioredis\": \"6.1.0\", \"ws\": \"8.23.0\"}}");
        write(FunctionFiles.CONFIG, "{\"fluid\": true, \"functions\": {\"api/switchboard.mjs\": {}}, " + REWRITE + "}");
        write("package.json", "{\"devDependencies\": {\"ioredis\": \"6.1.0\", \"ws\": \"8.23.0\"}}");
    }

    @Test
    void aGoodLayout_givesTheEntryItsImportsPackageJsonAndVercelJson_nothingElse() {
        Map<String, String> files = FunctionFiles.of(repo);

        assertThat(files).containsOnlyKeys(FunctionFiles.ENTRY, "vercel/src/function/server.mjs",
                FunctionFiles.PACKAGE, FunctionFiles.CONFIG);
        assertThat(files.get(FunctionFiles.PACKAGE)).matches("\\d+~[0-9a-f]{40}");
    }

    @Test
    void noEntry_isRefused() throws IOException {
        Files.delete(repo.resolve(FunctionFiles.ENTRY));

        assertThatThrownBy(() -> FunctionFiles.of(repo)).hasMessageContaining("no vercel/src/api/switchboard.mjs")
                .hasMessageContaining("the function Vercel routes to");
    }

    @Test
    void noPackageJson_isRefused() throws IOException {
        Files.delete(repo.resolve(FunctionFiles.PACKAGE));

        assertThatThrownBy(() -> FunctionFiles.of(repo)).hasMessageContaining("no vercel/src/package.json");
    }

    @Test
    void noVercelJson_isRefused() throws IOException {
        Files.delete(repo.resolve(FunctionFiles.CONFIG));

        assertThatThrownBy(() -> FunctionFiles.of(repo)).hasMessageContaining("no vercel/src/vercel.json");
    }

    @Test
    void aDependencyThatIsNotAnExactVersion_isRefused() throws IOException {
        write(FunctionFiles.PACKAGE, "{\"dependencies\": {\"ioredis\": \"6.1.0\", \"ws\": \"^8.23.0\"}}");

        assertThatThrownBy(() -> FunctionFiles.of(repo))
                .hasMessageContaining("dependencies.ws is \"^8.23.0\", not an exact version");
    }

    @Test
    void aDependencyOtherThanTheTestedVersion_isRefused() throws IOException {
        write(FunctionFiles.PACKAGE, "{\"dependencies\": {\"ioredis\": \"6.0.0\", \"ws\": \"8.23.0\"}}");

        assertThatThrownBy(() -> FunctionFiles.of(repo))
                .hasMessageContaining("dependencies.ioredis is 6.0.0 but the tests run 6.1.0");
    }

    @Test
    void anImportedPackageThatPackageJsonDoesNotList_isRefused_evenAcrossLines() throws IOException {
        write(FunctionFiles.PACKAGE, "{\"dependencies\": {\"ws\": \"8.23.0\"}}");

        assertThatThrownBy(() -> FunctionFiles.of(repo))
                .hasMessageContaining("vercel/src/function/server.mjs imports ioredis, which dependencies does not list");
    }

    @Test
    void aMaximumDurationInVercelJson_isRefused_theStackSetsIt() throws IOException {
        write(FunctionFiles.CONFIG, "{\"functions\": {\"api/switchboard.mjs\": {\"maxDuration\": 60}}, " + REWRITE + "}");

        assertThatThrownBy(() -> FunctionFiles.of(repo))
                .hasMessageContaining("functions.api/switchboard.mjs.maxDuration would override");
    }

    @Test
    void aVercelJsonThatDoesNotRouteEveryPathToTheEntry_isRefused() throws IOException {
        write(FunctionFiles.CONFIG, "{\"rewrites\": [{\"source\": \"/dev\", \"destination\": \"/api/other\"}]}");

        assertThatThrownBy(() -> FunctionFiles.of(repo)).hasMessageContaining("no rewrite of every path to the function")
                .hasMessageContaining("\"destination\": \"/api/switchboard\"");
    }

    private void write(String path, String text) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
