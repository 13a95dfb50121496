package dev.switchboard.pulumi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotsTest {

    @Test
    void normalise_sortsMapsWholeNumbersSecretsArchivesAndEmbeddedJson() {
        Map<String, Object> in = Map.of(
                "b", 3.0,
                "a", 2.5,
                "secret", Map.of(Snapshots.SIG_KEY, Snapshots.SECRET_SIG, "value", "hunter2"),
                "code", Map.of(Snapshots.SIG_KEY, Snapshots.ARCHIVE_SIG, "path", "lambdas/target/x.jar"),
                "policy", "{\"z\":1,\"y\":[2.0]}");
        Object out = Snapshots.normalise(in);
        assertThat(out.toString()).isEqualTo("{a=2.5, b=3, code=archive:lambdas/target/x.jar, policy={json={y=[2], z=1}},"
                + " secret=[secret]}");
    }

    @Test
    void diff_showsChangedLinesWithContext() {
        List<String> expected = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
        List<String> actual = List.of("a", "b", "c", "d", "E", "f", "g", "h", "i", "j");
        List<String> far = List.of("a", "x", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "M");
        List<String> farExpected = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m");
        assertThat(Snapshots.diff(farExpected, far)).contains("@@\n").contains("- b\n+ x\n").contains("- m\n+ M\n");
        assertThat(Snapshots.diff(expected, actual)).isEqualTo("""
                --- snapshot
                +++ actual
                  b
                  c
                  d
                - e
                + E
                  f
                  g
                  h
                  i
                + j
                """);
    }
}
