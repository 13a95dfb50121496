package dev.switchboard.cloudflare;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The workerd configuration's shape; that workerd accepts it is shown by {@link WorkerdSuiteTest}. */
class WorkerdConfigTest {
    @Test
    void render_embedsEveryWorkerModuleMainFirstAndQuotesTheBindings() {
        // GIVEN the repository's Worker and settings with quotes and a backslash
        Repo repo = Repo.locate();
        WorkerdConfig c = new WorkerdConfig(repo.workerDir(), repo.webDir(), Path.of("/tmp/do"), "127.0.0.1:1",
                "{\"a\":\"b\\\\c\"}", "s\"cret");

        // WHEN rendered for a directory under target
        String text = c.render(repo.root().resolve("cloudflare/target/x"));

        // THEN the main module comes first, paths are relative, strings escaped, both classes SQLite-backed
        int main = text.indexOf("(name = \"index.mjs\", esModule = embed \"../../src/worker/index.mjs\")");
        assertThat(main).isPositive();
        assertThat(text.indexOf("esModule = embed")).isEqualTo(text.indexOf("(name = \"index.mjs\"") + 21);
        for (Path m : WorkerdConfig.modules(repo.workerDir())) {
            assertThat(text).contains("embed \"../../src/worker/" + m.getFileName() + "\"");
        }
        assertThat(text).contains("json = \"{\\\"a\\\":\\\"b\\\\\\\\c\\\"}\"");
        assertThat(text).contains("text = \"s\\\"cret\"");
        assertThat(text).contains("(className = \"Shard\", uniqueKey = \"switchboard-shard\", enableSql = true)");
        assertThat(text).contains("(className = \"Room\", uniqueKey = \"switchboard-room\", enableSql = true)");
        assertThat(text).contains("durableObjectStorage = (localDisk = \"do-disk\")");
    }
}
