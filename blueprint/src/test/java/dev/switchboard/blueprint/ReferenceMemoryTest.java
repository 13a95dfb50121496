package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reference functions' memory sizes are the warm choices that BENCHMARKS.md section 8 reports for
 * {@code bench/bench.sh memory-size}: a rerun whose table moves a choice fails here until the blueprint follows, and a
 * size changed in the blueprint fails until the benchmark says so.
 */
class ReferenceMemoryTest {
    /** Section 8's row label of each measured function. */
    private static final Map<String, String> ROWS = Map.of("connect", "connect", "rooms", "rooms (join)",
            "send", "send (room of 10)", "ping", "ping", "disconnect", "disconnect (one room)");

    @Test
    void measuredSizes_areBenchmarksSection8sWarmChoices() throws Exception {
        // GIVEN section 8 of BENCHMARKS.md and the reference blueprint
        String bench = Files.readString(ReleaseArtifactsTest.ROOT.resolve("BENCHMARKS.md"));
        String section = bench.substring(bench.indexOf("## 8. Memory size per function"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        // THEN each measured function has the size its row marks as the warm choice (the row's one bold figure)
        for (Map.Entry<String, String> row : ROWS.entrySet()) {
            Matcher m = Pattern.compile("(?m)^\\| " + Pattern.quote(row.getValue()) + " \\|[^\\n]*?\\*\\*([0-9,]+)\\*\\*")
                    .matcher(section);
            assertThat(m.find()).as("a row '%s' with a bold choice in section 8", row.getValue()).isTrue();
            assertThat(b.function(row.getKey()).memoryMb()).as(row.getKey())
                    .isEqualTo(Integer.parseInt(m.group(1).replace(",", "")));
        }
        // AND whisper, not measured, has send's size
        assertThat(b.function("whisper").memoryMb()).isEqualTo(b.function("send").memoryMb());
    }
}
