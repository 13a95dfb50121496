package dev.switchboard.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.faults.FaultMatrix;
import dev.switchboard.faults.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault matrix at a tenth of its scale: 20 clients at 0 % and 20 % faults of every kind. */
class FaultMatrixSmokeTest {

    @Test
    void matrix_atATenth_reportsEveryRate() throws Exception {
        // GIVEN / WHEN
        List<Report> reports = FaultMatrix.run(20, List.of(0.0, 0.2), 28);
        reports.forEach(r -> System.out.println(r.text()));
        // THEN without faults every request is answered and nothing breaks; at 20 % faults are injected and counted
        Report none = reports.get(0);
        assertThat(none.injected()).isEmpty();
        assertThat(none.outcomes()).containsEntry("send: ack", 60L).containsEntry("whisper: ack", 20L);
        assertThat(none.totalViolations()).as(none.text()).isZero();
        Report heavy = reports.get(1);
        assertThat(heavy.injected()).isNotEmpty();
        assertThat(heavy.violations().keySet()).containsAll(Report.INVARIANTS);
    }
}
