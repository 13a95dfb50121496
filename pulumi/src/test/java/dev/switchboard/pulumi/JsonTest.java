package dev.switchboard.pulumi;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void write_isStableForUnorderedMaps_keepsInsertionOrder_andEscapes() {
        // Map.of iterates in a per-JVM random order; the document must not change between runs
        assertThat(Json.write(Map.of("b", 1, "a", List.of(true, "x\"y\n"), "c", Map.of("z", 1, "y", 2))))
                .isEqualTo("{\"a\":[true,\"x\\\"y\\n\"],\"b\":1,\"c\":{\"y\":2,\"z\":1}}");
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("Version", "2012-10-17");
        ordered.put("Statement", List.of());
        assertThat(Json.write(ordered)).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    }
}
