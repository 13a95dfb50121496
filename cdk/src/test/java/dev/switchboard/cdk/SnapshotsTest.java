package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot helper itself (no synth). */
class SnapshotsTest {
    private static final String HASH = "5afebcf6fe7f3285652a790b0f666c3392cfe4ca69145ebc86f8ba27f197b034";

    private static Map<String, Object> template(String handler) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("Handler", handler);
        props.put("Code", Map.of("S3Key", HASH + ".jar"));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Type", "AWS::Lambda::Function");
        r.put("Properties", props);
        return Map.of("Resources", Map.of("FnCurrentVersion68A59CBE72937191b393a96a7bffbb95651a22ca", r));
    }

    @Test
    void canonical_sortsKeys_andReplacesAssetAndVersionHashes() {
        String text = Snapshots.canonical(template("a.B"));
        assertThat(text).contains("\"S3Key\" : \"<asset-hash>.jar\"")
                .contains("FnCurrentVersion68A59CBE<version-hash>").doesNotContain(HASH);
        assertThat(text.indexOf("\"Code\"")).isLessThan(text.indexOf("\"Handler\""));
        assertThat(text).endsWith("}\n");
    }

    @Test
    void assertMatches_failsWithTheDifferingLines_andWritesOnlyWithTheUpdateFlag(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        String outer = System.getProperty(Snapshots.UPDATE_PROPERTY);
        System.clearProperty(Snapshots.UPDATE_PROPERTY);
        try {
            checkFlag(file);
        } finally {
            if (outer != null) {
                System.setProperty(Snapshots.UPDATE_PROPERTY, outer);
            }
        }
    }

    private static void checkFlag(Path file) throws Exception {
        assertThatThrownBy(() -> Snapshots.assertMatches(file, template("a.B"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("-Dsnapshot.update=true");
        assertThat(file).doesNotExist();

        System.setProperty(Snapshots.UPDATE_PROPERTY, "true");
        try {
            Snapshots.assertMatches(file, template("a.B"));
        } finally {
            System.clearProperty(Snapshots.UPDATE_PROPERTY);
        }
        assertThat(Files.readString(file)).isEqualTo(Snapshots.canonical(template("a.B")));
        Snapshots.assertMatches(file, template("a.B"));

        assertThatThrownBy(() -> Snapshots.assertMatches(file, template("a.C"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("-         \"Handler\" : \"a.B\"")
                .hasMessageContaining("+         \"Handler\" : \"a.C\"");
    }

    @Test
    void diff_showsOnlyTheChangedRegion() {
        String a = String.join("\n", List.of("1", "2", "3", "4", "5", "6", "7"));
        String b = String.join("\n", List.of("1", "2", "3", "x", "5", "6", "7"));
        assertThat(Snapshots.diff(a, b)).isEqualTo("@@ snapshot line 4 @@\n  1\n  2\n  3\n- 4\n+ x");
    }
}
