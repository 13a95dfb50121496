package dev.switchboard.bench.memsize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory-size benchmark on one route, two sizes and a few invocations: the harness and the cgroup plumbing (the
 * quota reaches the child, the child and its group are gone afterwards), not the figures. Needs what the benchmark
 * needs (a writable cgroup v1 cpu controller, root here) and is skipped, saying so, without it.
 */
class MemorySizeBenchmarkSmokeTest {

    @BeforeEach
    void cgroupAvailable() {
        boolean writable;
        try {
            CpuCgroup.requireWritable();
            writable = true;
        } catch (IllegalStateException e) {
            writable = false;
        }
        assumeTrue(writable, "needs a writable cgroup v1 cpu controller at " + CpuCgroup.ROOT);
    }

    @Test
    void memorySize_pingAtTwoSizes_measuresEachInItsCgroupAndLeavesNothingBehind() throws Exception {
        // GIVEN ping at 128 and 1,024 MB, 4 invocations each
        MemSizeOptions options = new MemSizeOptions(List.of("ping"), List.of(128, 1024), 4, 1, 100_000, 300);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        // WHEN
        List<SizeResult> results = MemorySizeBenchmark.run(options,
                new PrintStream(report, true, StandardCharsets.UTF_8)).get(0);
        // THEN each size ran every invocation with a resident set
        assertThat(results).extracting(SizeResult::memoryMb).containsExactly(128, 1024);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.failure()).isNull();
            assertThat(r.durationsMs()).hasSize(4);
            assertThat(r.peakRssKb()).isPositive();
        });
        // AND the quota held the child: at 7 % of a core the JVM's start is throttled in many periods, and more often
        // than at 58 % (a child outside its group is never throttled)
        assertThat(results.get(0).throttledPeriods()).isGreaterThan(results.get(1).throttledPeriods()).isPositive();
        // AND the choice is printed with ping's modelled wait (no table call, no post), and no group or child is left
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("memory size per function").contains("ping")
                .contains("modelled wait: 0.0 ms");
        assertNothingLeft();
    }

    @Test
    void memorySize_instanceOverItsTimeout_isKilledAndItsGroupRemoved() throws Exception {
        // GIVEN a 1 s timeout at 128 MB, where the JVM alone takes longer to start under its quota
        MemSizeOptions options = new MemSizeOptions(List.of("ping"), List.of(128), 3, 1, 100_000, 1);
        // WHEN
        SizeResult r = MemorySizeBenchmark.run(options, new PrintStream(new ByteArrayOutputStream())).get(0).get(0);
        // THEN it is reported as failed, and neither the child nor its group outlives the run
        assertThat(r.failure()).contains("no result within 1 s");
        assertNothingLeft();
    }

    private static void assertNothingLeft() throws IOException {
        String mine = "switchboard-memsize-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> groups = Files.list(CpuCgroup.ROOT)) {
            assertThat(groups.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(mine));
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))).noneMatch(c -> c.contains(InvocationChild.class.getName()));
    }
}
