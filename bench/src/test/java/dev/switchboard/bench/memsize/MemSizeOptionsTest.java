package dev.switchboard.bench.memsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemSizeOptionsTest {

    @Test
    void parse_readsEveryOption() {
        MemSizeOptions o = MemSizeOptions.parse(new String[] {"--routes", "ping,send", "--sizes", "128,1769",
                "--invocations", "10", "--warmup", "3", "--period-us", "20000", "--timeout-s", "30"});
        assertThat(o).isEqualTo(new MemSizeOptions(List.of("ping", "send"), List.of(128, 1769), 10, 3, 20_000, 30));
    }

    @Test
    void parse_refusesBadInput_namingTheOption() {
        assertThatThrownBy(() -> MemSizeOptions.parse(new String[] {"--routes", "pong"}))
                .hasMessageStartingWith("--routes: pong is not one of");
        assertThatThrownBy(() -> MemSizeOptions.parse(new String[] {"--sizes", "64"}))
                .hasMessageContaining("--sizes: 64 MB is outside");
        assertThatThrownBy(() -> MemSizeOptions.parse(new String[] {"--invocations", "5", "--warmup", "4"}))
                .hasMessageStartingWith("--invocations must exceed --warmup");
        assertThatThrownBy(() -> MemSizeOptions.parse(new String[] {"--sizes", "big"}))
                .hasMessageContaining("--sizes 'big' is not a number");
        assertThatThrownBy(() -> MemSizeOptions.parse(new String[] {"--speed", "1"}))
                .hasMessageStartingWith("unknown option --speed");
    }
}
