package dev.switchboard.bench.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof dev.switchboard.bench.cpu.HandlerCpuProfiler}): the CPU time per operation of the
 * handler's own threads, from the JVM's per-thread CPU counters (nanosecond resolution). The handler's threads are
 * every Java thread except the canned servers' ({@link CannedAws#THREAD_PREFIX} and the JDK server's
 * {@code HTTP-Dispatcher}): the invoking thread, the broadcaster's {@code fanout-*} pool and the SDK's
 * {@code sdk-ScheduledExecutor-*} (its call and attempt timeouts). The JIT compilers, the garbage collector and the
 * VM's own threads are not Java threads the JVM lists, so they are left out: their CPU depends on when the JIT runs
 * and on the heap, not on the handler's path, and made the process-wide figure this profiler reported before vary by
 * as much as its value (BENCHMARKS.md section 7). A thread that ends during an iteration takes its CPU with it
 * (the broadcaster's threads live 30 s idle, the SDK's for the JVM's life, so none does while the benchmark runs).
 *
 * <p>Reported per iteration: {@code cpu.handler} (µs/op, the handler's threads), {@code cpu.invoker} (µs/op, the
 * invoking thread alone), {@code cpu.canned} (µs/op, the canned servers' threads), {@code alloc.handler} and
 * {@code alloc.canned} (bytes/op, the same split of the JVM's per-thread allocation counters; {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} counts both).
 */
public final class HandlerCpuProfiler implements InternalProfiler {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private Map<Long, long[]> start = Map.of();
    private long invoker = -1;

    @Override
    public String getDescription() {
        return "CPU time and allocation per operation of the handler's threads, without the canned AWS servers'";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = sample();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        // {handler cpu, canned cpu, handler bytes, canned bytes, invoker cpu}
        long[] sums = new long[5];
        for (Map.Entry<Long, long[]> t : sample().entrySet()) {
            long[] now = t.getValue();
            long[] before = start.getOrDefault(t.getKey(), new long[]{now[0], 0, 0});
            int side = (int) now[0];
            sums[side] += now[1] - before[1];
            sums[2 + side] += now[2] - before[2];
            if (t.getKey() == invoker) {
                sums[4] += now[1] - before[1];
            }
        }
        long ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(
                new ScalarResult("cpu.handler", sums[0] / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.invoker", sums[4] / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.canned", sums[1] / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("alloc.handler", (double) sums[2] / ops, "B/op", AggregationPolicy.AVG),
                new ScalarResult("alloc.canned", (double) sums[3] / ops, "B/op", AggregationPolicy.AVG));
    }

    /** Per live thread, by id: {0 (the handler's) or 1 (a canned server's), CPU ns, bytes allocated}. */
    private Map<Long, long[]> sample() {
        Map<Long, long[]> out = new HashMap<>();
        for (ThreadInfo i : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (i == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(i.getThreadId());
            long bytes = threads.getThreadAllocatedBytes(i.getThreadId());
            if (cpu >= 0 && bytes >= 0) {
                boolean canned = i.getThreadName().startsWith(CannedAws.THREAD_PREFIX)
                        || i.getThreadName().equals("HTTP-Dispatcher");
                out.put(i.getThreadId(), new long[]{canned ? 1 : 0, cpu, bytes});
            }
            if (i.getThreadName().contains(HandlerCpuBenchmark.class.getSimpleName())) {
                invoker = i.getThreadId();
            }
        }
        return out;
    }
}
