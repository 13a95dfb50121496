package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.FunctionSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda's billed duration per route from measured CPU: the figures are BENCHMARKS.md section 7's, a function gets
 * one vCPU at 1,769 MB and a share in proportion below
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory-computing.html), and the route waits for its
 * table round trips and its post batches.
 */
class LambdaDurationsTest {
    private static final Blueprint DEV = Blueprint.reference(Environments.resolve("dev", Map.of()));
    private static final FunctionSpec SEND_FN = DEV.function(DEV.route("send").function());
    private static final LambdaDurations D = new LambdaDurations(DEV.limits().broadcastConcurrency());

    @Test
    void measuredFigures_areBenchmarksSection7s() {
        // GIVEN BENCHMARKS.md's table of CPU per invocation of each route
        String bench = WorkerSource.read("BENCHMARKS.md");
        String section = bench.substring(bench.indexOf("## 7. CPU per invocation of each route"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        // THEN each route's cpu.handler figure there is the one the model uses
        assertThat(section).containsPattern("\\| `connect` [^|]*\\| [^|]*\\| "
                + micros(LambdaDurations.CONNECT) + " ±");
        assertThat(section).containsPattern("\\| `join` [^|]*\\| [^|]*\\| " + micros(LambdaDurations.JOIN) + " ±");
        assertThat(section).containsPattern("\\| `send` [^|]*\\| [^|]*\\| " + micros(LambdaDurations.SEND) + " ±");
        assertThat(section).containsPattern("\\| `ping` [^|]*\\| [^|]*\\| " + micros(LambdaDurations.PING) + " ±");
        assertThat(section).containsPattern("\\| `disconnect` [^|]*\\| [^|]*\\| "
                + micros(LambdaDurations.DISCONNECT) + " ±");
        assertThat(section).contains("room of 10");
        // AND its profile's DynamoDB calls per route are the round trips the model waits for
        assertThat(section).contains("| connect | " + LambdaDurations.CONNECT.tableCalls() + " | 0 |");
        assertThat(section).contains("| join | " + LambdaDurations.JOIN.tableCalls() + " | 9 |");
        assertThat(section).contains("| send | " + LambdaDurations.SEND.tableCalls() + " | 9 |");
        assertThat(section).contains("| ping | " + LambdaDurations.PING.tableCalls() + " | 0 |");
        assertThat(section).contains("| disconnect | " + (LambdaDurations.DISCONNECT.tableCalls()
                + LambdaDurations.DISCONNECT_TABLE_CALLS_PER_ROOM) + " | 9 |");
    }

    private static String micros(LambdaDurations.Measured m) {
        return String.format(java.util.Locale.ROOT, "%,.1f", m.cpuMicros()).replace(".", "\\.");
    }

    @Test
    void vcpu_isOneAt1769Mb_proportionalBelow_andNoMoreAbove() {
        assertThat(LambdaDurations.vcpu(1769)).isEqualTo(1);
        assertThat(LambdaDurations.vcpu(3008)).isEqualTo(1);
        assertThat(LambdaDurations.vcpu(1024)).isCloseTo(1024 / 1769d, within(1e-12));
    }

    @Test
    void measuredSend_atOneVcpu_isItsCpu_plusThreeTableRoundTrips_andOnePostBatch() {
        // GIVEN the send function at 1,769 MB (one vCPU) and the measured room: 9 recipients
        FunctionSpec oneVcpu = fn(1769);
        // WHEN
        double ms = D.send(oneVcpu, 9);
        // THEN 3.3119 ms of CPU, 4 x 5 ms of DynamoDB (the profiled calls), one batch of posts (10 ms), rounded up
        assertThat(ms).isEqualTo(Math.ceil(3.3119 + 4 * LambdaDurations.TABLE_MS + CostModel.POST_MS));
    }

    @Test
    void halfTheMemory_doublesTheCpuPart_only() {
        FunctionSpec full = fn(1769);
        FunctionSpec half = fn(884);
        double cpu = LambdaDurations.cpuMs(LambdaDurations.DISCONNECT, 9);
        assertThat(D.disconnect(half, 1, 9) - D.disconnect(full, 1, 9))
                .isCloseTo(cpu * (1769 / 884d) - cpu, within(1.0));
    }

    @Test
    void cpu_growsWithRecipients_fromConnectsFigure() {
        // no recipients: an invocation with its table calls and no post, as connect measured
        assertThat(LambdaDurations.cpuMs(LambdaDurations.SEND, 0)).isCloseTo(1.052, within(1e-9));
        assertThat(LambdaDurations.cpuMs(LambdaDurations.SEND, 9)).isCloseTo(3.3119, within(1e-9));
        // eleven times the recipients: eleven times the part above connect's
        assertThat(LambdaDurations.cpuMs(LambdaDurations.SEND, 99) - 1.052).isCloseTo((3.3119 - 1.052) * 11,
                within(1e-9));
        // a thousand recipients wait 16 batches of 64 posts
        assertThat(D.send(fn(1769), 1000) - Math.ceil(LambdaDurations.cpuMs(LambdaDurations.SEND, 1000)))
                .isCloseTo(4 * LambdaDurations.TABLE_MS + 16 * CostModel.POST_MS, within(1.0));
    }

    @Test
    void fixtureWait_isWhatTheBilledDurationAddsToTheCpu_forEachMeasuredRoute() {
        // GIVEN the functions at 1,769 MB (one vCPU: the CPU part is the measured CPU) and the fixture's room of 10
        FunctionSpec oneVcpu = fn(1769);
        int c = DEV.limits().broadcastConcurrency();
        // THEN each route's billed duration is its CPU plus the wait memory-size adds, rounded up
        assertThat(D.connect(oneVcpu, false, 0) - LambdaDurations.fixtureWaitMs("connect", 0, c))
                .isBetween(LambdaDurations.cpuMs(LambdaDurations.CONNECT, 0),
                        LambdaDurations.cpuMs(LambdaDurations.CONNECT, 0) + 1);
        assertThat(D.join(oneVcpu, 9) - LambdaDurations.fixtureWaitMs("join", 9, c))
                .isBetween(LambdaDurations.cpuMs(LambdaDurations.JOIN, 9),
                        LambdaDurations.cpuMs(LambdaDurations.JOIN, 9) + 1);
        assertThat(D.send(oneVcpu, 9) - LambdaDurations.fixtureWaitMs("send", 9, c))
                .isBetween(LambdaDurations.cpuMs(LambdaDurations.SEND, 9),
                        LambdaDurations.cpuMs(LambdaDurations.SEND, 9) + 1);
        assertThat(D.disconnect(oneVcpu, 1, 9) - LambdaDurations.fixtureWaitMs("disconnect", 9, c))
                .isBetween(LambdaDurations.cpuMs(LambdaDurations.DISCONNECT, 9),
                        LambdaDurations.cpuMs(LambdaDurations.DISCONNECT, 9) + 1);
        // AND ping, with no table call and no post, waits for nothing
        assertThat(LambdaDurations.fixtureWaitMs("ping", 0, c)).isZero();
    }

    @Test
    void fixtureWait_ofAnUnknownRoute_namesTheKnownOnes() {
        assertThatThrownBy(() -> LambdaDurations.fixtureWaitMs("whisper", 1, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no modelled wait for route 'whisper': use connect, join, send, ping or disconnect");
    }

    @Test
    void msPerInvocation_overridesTheModel() {
        TrafficProfile t = new TrafficProfile(10, 2, 3, 5, 1, 1, 1, 1, true, 100d, 0);
        assertThat(CostModel.ms(t, D.send(SEND_FN, 3))).isEqualTo(100);
        TrafficProfile modelled = new TrafficProfile(10, 2, 3, 5, 1, 1, 1, 1, true, null, 0);
        assertThat(CostModel.ms(modelled, D.send(SEND_FN, 3))).isEqualTo(D.send(SEND_FN, 3));
    }

    private static FunctionSpec fn(int memoryMb) {
        return FunctionSpec.of("send", SEND_FN.handler()).withMemoryMb(memoryMb);
    }
}
