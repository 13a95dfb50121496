package dev.switchboard.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** The fan-out benchmark at a tenth of its scale (100 recipients), one iteration, in this JVM. */
class FanOutBenchmarkSmokeTest {

    @Test
    void fanOut_atATenth_runsBothSidesAndDeliversToEveryRecipient() throws Exception {
        // GIVEN 100 recipients behind a 10 ms management API; each benchmark throws unless all 100 are delivered
        Options options = new OptionsBuilder()
                .include(FanOutBenchmark.class.getName())
                .param("recipients", "100")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .shouldFailOnError(true)
                .build();
        // WHEN
        Collection<RunResult> results = new Runner(options).run();
        // THEN both the shipped broadcaster and the sequential loop produced a score
        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("broadcaster", "sequential");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void slowManagementApi_answersEveryPostAndCountsThoseInFlight() throws Exception {
        // GIVEN the stand-in API and the shipped broadcaster over it
        FanOutBenchmark b = new FanOutBenchmark();
        b.recipients = 50;
        b.delayMillis = 10;
        b.setUp();
        try {
            // WHEN
            b.broadcaster();
            // THEN every recipient got its post
            assertThat(b.serverPosts()).isEqualTo(50);
        } finally {
            b.tearDown();
        }
    }
}
