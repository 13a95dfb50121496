package dev.switchboard.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sharded fan-out benchmark at a small scale: it runs, and its once-only check holds (no timing asserted). */
class ShardedFanOutBenchmarkSmokeTest {
    @Test
    void smallRoom_everyPathReachesEveryMemberOnce() throws Exception {
        // GIVEN / WHEN 600 members (3 shards), a 1 ms management API, inline and 1 and 2 consumers
        List<ShardedFanOutBenchmark.Run> runs = ShardedFanOutBenchmark.run(600, 1, List.of(1, 2), true);
        // THEN
        assertThat(runs).extracting(ShardedFanOutBenchmark.Run::path).containsExactly("inline", "sharded", "sharded");
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.reachedOnce()).isEqualTo(600);
            assertThat(r.reachedTwiceOrMore()).isZero();
            assertThat(r.missed()).isZero();
            assertThat(r.postsPerSecond()).isPositive();
        });
    }
}
