package dev.switchboard.bench.cpu;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU per invocation of each route's shipped handler ({@link RouteFixture}: connect, join, send to a room of 10, ping,
 * disconnect), in-process, against {@link CannedAws} answering DynamoDB (answers recorded from dynalite) and
 * {@code @connections} at once. One thread, average time per invocation; the CPU per invocation comes from
 * {@link HandlerCpuProfiler} ({@code cpu.handler}, µs/op: the handler's own threads, without the canned servers', the
 * JIT's or the GC's) and the allocation from {@code -prof gc} ({@code gc.alloc.rate.norm}); bench/bench.sh
 * handler-cpu adds both. Warm, C2-compiled figures (a long-lived function instance), with the JVM's default flags:
 * 30 s of warm-up (about 3,000 sends; the CPU per send settles after about 2,000) and ten 3-second iterations, so that
 * the error bar is the run-to-run spread of a warm handler rather than the JIT still compiling. The structured log
 * line each invocation writes is formatted but dropped (stdout goes nowhere during the run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@Threads(1)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 10, time = 3)
public class HandlerCpuBenchmark {
    @Param({"connect", "join", "send", "ping", "disconnect"})
    public String route;

    private RouteFixture fixture;
    private PrintStream stdout;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));   // before the handler takes System.out
        fixture = RouteFixture.start(route);
    }

    @Benchmark
    public int invoke() throws IOException {
        return fixture.invoke();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.setOut(stdout);
        fixture.check();
        fixture.close();
    }
}
