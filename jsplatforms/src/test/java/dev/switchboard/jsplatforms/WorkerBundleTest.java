package dev.switchboard.jsplatforms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Joining the Worker's modules into the one module a deployment uploads (workerd runs it in the cloudflare module's
 * WorkerdSuiteTest).
 */
class WorkerBundleTest {
    @Test
    void of_theWorker_hasNoRelativeImportDependenciesFirstAndTheClassesExported() {
        String b = WorkerBundle.of(Repo.locate().workerDir());
        assertThat(b).doesNotContain("from \"./");
        assertThat(b).containsOnlyOnce("import { DurableObject } from \"cloudflare:workers\";");
        assertThat(b).contains("export class Shard ", "export class Room ", "export default {");
        assertThat(b).doesNotContain("export { Shard }", "export { Room }", "export const", "export function");
        assertThat(b.indexOf("// ---- protocol.mjs")).isLessThan(b.indexOf("// ---- shard.mjs"));
        assertThat(b.indexOf("// ---- shard.mjs")).isLessThan(b.indexOf("// ---- index.mjs"));
    }

    @Test
    void of_whenTwoModulesDeclareTheSameName_failsNamingBoth(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.mjs"), "import { a } from \"./a.mjs\";\nconst x = 1;\nexport default {};\n");
        Files.writeString(dir.resolve("a.mjs"), "export const a = 1;\nconst x = 2;\n");
        assertThatThrownBy(() -> WorkerBundle.of(dir)).hasMessageContaining("'x' is declared in both a.mjs and"
                + " index.mjs");
    }

    @Test
    void of_whenModulesImportEachOtherInACycle_fails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.mjs"), "import { a } from \"./a.mjs\";\nexport default {};\n");
        Files.writeString(dir.resolve("a.mjs"), "import { b } from \"./index.mjs\";\nexport const a = 1;\n");
        assertThatThrownBy(() -> WorkerBundle.of(dir)).hasMessageContaining("cycle");
    }
}
