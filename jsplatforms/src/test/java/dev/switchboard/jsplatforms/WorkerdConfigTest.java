package dev.switchboard.jsplatforms;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The workerd configuration's shape; that workerd accepts it is shown by the cloudflare module's WorkerdSuiteTest. */
class WorkerdConfigTest {
    @Test
    void render_embedsTheBundledWorkerAndQuotesTheBindings() {
        // GIVEN the repository's Worker and settings with quotes and a backslash
        Repo repo = Repo.locate();
        WorkerdConfig c = new WorkerdConfig(repo.workerDir(), repo.webDir(), repo.clientsDir(), Path.of("/tmp/do"),
                "127.0.0.1:1", "{\"a\":\"b\\\\c\"}", "s\"cret");

        // WHEN rendered
        String text = c.render();

        // THEN the Worker is the one bundled module, strings are escaped, both classes SQLite-backed
        assertThat(text).contains("modules = [\n    (name = \"switchboard-worker.mjs\", esModule = embed"
                + " \"switchboard-worker.mjs\"),\n  ],");
        assertThat(text).contains("json = \"{\\\"a\\\":\\\"b\\\\\\\\c\\\"}\"");
        assertThat(text).contains("text = \"s\\\"cret\"");
        assertThat(text).contains("(className = \"Shard\", uniqueKey = \"switchboard-shard\", enableSql = true)");
        assertThat(text).contains("(className = \"Room\", uniqueKey = \"switchboard-room\", enableSql = true)");
        assertThat(text).contains("durableObjectStorage = (localDisk = \"do-disk\")");
        // the chat page and the JavaScript client it loads, each a disk service with its binding
        assertThat(text).contains("(name = \"WEB\", service = \"web\")", "(name = \"CLIENTS\", service = \"clients\")",
                "(name = \"clients\", disk = (path = " + WorkerdConfig.str(repo.clientsDir().toString()) + "))");
    }
}
