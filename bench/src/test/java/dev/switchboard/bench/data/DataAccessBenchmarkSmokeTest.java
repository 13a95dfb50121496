package dev.switchboard.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The data-access benchmark at a tenth of its scale: 10,000 connections, rooms of 10. */
class DataAccessBenchmarkSmokeTest {

    @Test
    void roomMembers_atATenth_readsFarFewerUnitsThanAScan() throws Exception {
        // GIVEN / WHEN
        DataAccessBenchmark.Result r = DataAccessBenchmark.run(10_000, 10);
        // THEN the shipped query finds exactly the room's members in one consistent 4 KB read (10 x ~240 bytes),
        // while the scan reads the whole 30,000-item table
        assertThat(r.members()).isEqualTo(10);
        assertThat(r.queryUnits()).isEqualTo(1.0);
        assertThat(r.scanUnitsEventual()).isGreaterThan(100 * r.queryUnits());
        assertThat(r.scanUnitsStrong()).isEqualTo(2 * r.scanUnitsEventual());
    }
}
