package dev.switchboard.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The init breakdown at one run per configuration, with the AppCDS archive. */
class InitBreakdownSmokeTest {

    @Test
    void breakdown_withAppCds_attributesClassesToTheirPhaseAndLoadsThemFromTheArchive() throws Exception {
        // GIVEN the shaded handler jar and dynalite
        // WHEN
        InitBreakdown.Result r = InitBreakdown.run(1, true);
        // THEN each staged phase loaded its own library's classes
        InitBreakdown.Table staged = r.table("StagedInit, Lambda's JVM flags");
        assertThat(staged.phase("Jackson").byGroup().get("jackson")).isPositive();
        assertThat(staged.phase("SdkClient").byGroup().get("aws-sdk")).isPositive();
        assertThat(staged.phase("Nimbus").byGroup().get("nimbus")).isPositive();
        assertThat(staged.phase("Jackson").byGroup().get("aws-sdk")).isZero();
        // AND with the archive most of the handler's init classes come from it, without it few do
        InitBreakdown.Table plain = r.table("FirstConnect, Lambda's JVM flags");
        InitBreakdown.Table cds = r.table("FirstConnect, Lambda's JVM flags, AppCDS");
        assertThat(plain.phase("Init").byGroup().get("aws-sdk")).isPositive();
        assertThat(cds.phase("Init").fromArchive()).isGreaterThan(cds.phase("Init").classes() * 9 / 10);
        assertThat(plain.phase("Init").fromArchive()).isLessThan(plain.phase("Init").classes() / 2);
    }
}
