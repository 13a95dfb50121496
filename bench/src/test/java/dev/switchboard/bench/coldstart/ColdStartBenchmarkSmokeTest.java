package dev.switchboard.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cold-start benchmark at a tenth of its scale: one run per configuration instead of ten. */
class ColdStartBenchmarkSmokeTest {

    @Test
    void coldStart_atATenth_handlesAConnectInAFreshJvmOnTheShadedJar() throws Exception {
        // GIVEN the shaded handler jar and dynalite
        // WHEN (the benchmark throws unless every child answers $connect with 200)
        ColdStartBenchmark.Result r = ColdStartBenchmark.run(1);
        // THEN six configurations were measured and the jar is the shaded one (SDK included)
        assertThat(r.rows()).hasSize(6);
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.medianMs()).isPositive());
        assertThat(r.jarBytes()).isGreaterThan(1_000_000);
    }
}
