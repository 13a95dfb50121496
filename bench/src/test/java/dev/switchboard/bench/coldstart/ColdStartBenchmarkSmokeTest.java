package dev.switchboard.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The cold-start benchmark at a tenth of its scale: one run per configuration instead of ten, the AppCDS rows and the
 * side-by-side run against the Node sample's {@code onconnect} included (which installs bench/peers/onconnect).
 */
class ColdStartBenchmarkSmokeTest {

    @Test
    void coldStart_atATenth_handlesAConnectInAFreshJvmAndInAFreshNodeProcess() throws Exception {
        // GIVEN the shaded handler jar, bench/peers/onconnect and dynalite
        // WHEN (the benchmark throws unless every child, Java or Node, answers $connect with 200)
        ColdStartBenchmark.Result r = ColdStartBenchmark.run(1, true);
        // THEN seven configurations were measured and the jar is the shaded one (SDK included)
        assertThat(r.rows()).hasSize(7);
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.medianMs()).isPositive());
        assertThat(r.jarBytes()).isGreaterThan(1_000_000);
        // AND each side of the side-by-side run reported its own init and first invocation, Node last
        assertThat(r.sideBySide().sides()).extracting(SideBySide.Side::name).containsExactly(
                "Java ConnectHandler, Lambda's JVM flags", "Java ConnectHandler, Lambda's JVM flags, AppCDS",
                "Node onconnect, @aws-sdk/client-dynamodb v3");
        assertThat(r.sideBySide().sides()).allSatisfy(s -> {
            assertThat(s.initMs()).isPositive();
            assertThat(s.firstMs()).isPositive();
            assertThat(s.wallMs()).isGreaterThan(s.initMs() + s.firstMs());
        });
        assertThat(r.sideBySide().summary()).contains("ratio Java ConnectHandler, Lambda's JVM flags / Node: wall ");
    }
}
