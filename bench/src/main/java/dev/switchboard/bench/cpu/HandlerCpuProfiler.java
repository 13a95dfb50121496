package dev.switchboard.bench.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof dev.switchboard.bench.cpu.HandlerCpuProfiler}): the CPU time per operation of the
 * benchmark's JVM, without the CPU time spent serving {@link CannedAws} (counted per request on its threads, plus the
 * JDK server's {@code HTTP-Dispatcher} thread). Per iteration: the process's CPU time (all threads: the benchmark thread, the
 * broadcaster's pool, GC and JIT) minus those threads' CPU time, over the operations of the iteration, as
 * {@code cpu.handler} in µs/op; the canned servers' share as {@code cpu.canned} in µs/op. The process's CPU time is read from the OS in
 * clock ticks (10 ms on Linux), so iterations should be seconds long.
 *
 * <p>Allocation the same way: {@code alloc.handler} is the bytes allocated per operation by every thread except the
 * canned servers' ({@code -prof gc}'s {@code gc.alloc.rate.norm} counts all threads, the canned server's included),
 * {@code alloc.canned} the canned servers' share; both from the JVM's per-thread allocation counters (a thread that
 * ends during the iteration is left out).
 */
public final class HandlerCpuProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long processStart;
    private long servedStart;
    private java.util.Map<Long, Long> dispatchersStart = java.util.Map.of();
    private java.util.Map<Long, long[]> allocatedByThread = java.util.Map.of();

    @Override
    public String getDescription() {
        return "CPU time per operation of this JVM without the canned AWS servers' threads";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        servedStart = CannedAws.servedCpuNanos();
        dispatchersStart = dispatcherCpu();
        allocatedByThread = allocated();
        processStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long process = os.getProcessCpuTime() - processStart;
        long canned = CannedAws.servedCpuNanos() - servedStart;
        for (java.util.Map.Entry<Long, Long> d : dispatcherCpu().entrySet()) {
            canned += Math.max(0, d.getValue() - dispatchersStart.getOrDefault(d.getKey(), 0L));
        }
        long ops = Math.max(1, result.getMetadata().getAllOps());
        long[] bytes = new long[2];
        for (java.util.Map.Entry<Long, long[]> t : allocated().entrySet()) {
            long[] before = allocatedByThread.getOrDefault(t.getKey(), new long[]{t.getValue()[0], 0});
            bytes[(int) t.getValue()[0]] += t.getValue()[1] - before[1];
        }
        return List.of(
                new ScalarResult("cpu.handler", (process - canned) / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.canned", canned / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("alloc.handler", (double) bytes[0] / ops, "B/op", AggregationPolicy.AVG),
                new ScalarResult("alloc.canned", (double) bytes[1] / ops, "B/op", AggregationPolicy.AVG));
    }

    /** Per live thread, by id: {0 or 1 (a canned server's thread), bytes allocated so far}. */
    private java.util.Map<Long, long[]> allocated() {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) threads;
        java.util.Map<Long, long[]> out = new java.util.HashMap<>();
        for (ThreadInfo i : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (i != null) {
                long b = t.getThreadAllocatedBytes(i.getThreadId());
                if (b >= 0) {
                    boolean canned = i.getThreadName().startsWith(CannedAws.THREAD_PREFIX)
                            || i.getThreadName().equals("HTTP-Dispatcher");
                    out.put(i.getThreadId(), new long[]{canned ? 1 : 0, b});
                }
            }
        }
        return out;
    }

    /** CPU time of each live JDK server dispatcher thread, in ns, by thread id. */
    private java.util.Map<Long, Long> dispatcherCpu() {
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("HTTP-Dispatcher")) {
                long ns = threads.getThreadCpuTime(t.getThreadId());
                if (ns >= 0) {
                    cpu.put(t.getThreadId(), ns);
                }
            }
        }
        return cpu;
    }
}
