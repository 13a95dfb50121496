package dev.switchboard.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The handler CPU benchmark at one short iteration per route, in this JVM, with its CPU profiler. */
class HandlerCpuBenchmarkSmokeTest {

    @Test
    void handlerCpu_everyRoute_reportsCpuPerInvocation() throws Exception {
        // GIVEN every route (each trial throws unless its replayed invocation matches the recorded one)
        Options options = new OptionsBuilder()
                .include(HandlerCpuBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(HandlerCpuProfiler.class)
                .shouldFailOnError(true)
                .build();
        // WHEN
        Collection<RunResult> results = new Runner(options).run();
        // THEN each route has a time, a CPU time and bytes allocated per invocation
        assertThat(results).extracting(r -> r.getParams().getParam("route"))
                .containsExactlyInAnyOrderElementsOf(RouteFixture.ROUTES);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getPrimaryResult().getScore()).isPositive();
            assertThat(r.getSecondaryResults().get("cpu.handler").getScore()).isPositive();
            assertThat(r.getSecondaryResults().get("alloc.handler").getScore()).isPositive();
            // the invoking thread is found among the handler's threads and is part of their CPU, not all of it
            assertThat(r.getSecondaryResults().get("cpu.invoker").getScore()).isPositive()
                    .isLessThanOrEqualTo(r.getSecondaryResults().get("cpu.handler").getScore());
        });
        // AND the canned server's share is reported apart (in this JVM it reads 0: see BENCHMARKS.md section 7)
        assertThat(results).allSatisfy(r -> assertThat(r.getSecondaryResults().get("alloc.canned").getScore())
                .isGreaterThanOrEqualTo(0));
    }

    @Test
    void sendFixture_recordsTheRoomsFanOut_andRefusesAReplayThatFails() throws Exception {
        // GIVEN send recorded against dynalite on a room of 10
        try (RouteFixture f = RouteFixture.start("send")) {
            // THEN one invocation posts to the other nine members and queries the room
            assertThat(f.postsPerInvocation()).isEqualTo(RouteFixture.ROOM_SIZE - 1);
            assertThat(f.recorded()).containsKey("DynamoDB_20120810.Query");
            // AND the replayed invocation matches the recorded one
            assertThat(f.check()).contains("\"statusCode\":200");
            // WHEN the recording is lost (every DynamoDB call now answers 400)
            f.aws().record(URI.create("http://127.0.0.1:9"));
            f.aws().replay();
            // THEN the check refuses to let a failure path pass for the route
            assertThatThrownBy(f::check).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("differs from the recorded one");
        }
    }
}
