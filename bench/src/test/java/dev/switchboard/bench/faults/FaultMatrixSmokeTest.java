package dev.switchboard.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.faults.FaultMatrix;
import dev.switchboard.faults.FaultRun;
import dev.switchboard.faults.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix at a tenth of its scale: 20 clients at 0 % and 20 % faults of every kind, inline and through the
 * sharded fan-out; and the faults module's FaultSuiteTest (40 clients in the README's test command) at its full scale
 * of 100 clients.
 */
class FaultMatrixSmokeTest {

    @Test
    void matrix_atATenth_reportsEveryRate() throws Exception {
        // GIVEN / WHEN
        List<Report> reports = FaultMatrix.run(20, List.of(0.0, 0.2), 28, false);
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

    @Test
    void faultSuite_at100Clients_andFivePercentFaults_everyInvariantHolds() throws Exception {
        // GIVEN 100 clients and a proxy failing 5 % of the handlers' requests, every kind of fault equally likely
        Report r = FaultMatrix.run(100, List.of(0.05), 28, false).get(0);
        System.out.println(r.text());
        // THEN faults of both services were injected, the clients did their work, and no invariant broke
        assertThat(r.injected().keySet()).anyMatch(k -> k.startsWith("DYNAMODB_")).anyMatch(k -> k.startsWith("MANAGEMENT_"));
        assertThat(r.outcomes().getOrDefault("send: ack", 0L)).isGreaterThan(200);
        assertThat(r.violations()).as(r.text()).allSatisfy((k, v) -> assertThat(v).as(k).isZero());
    }

    @Test
    void shardedMatrix_atATenth_queuesEverySend_andSkipsNobodyWithoutFaults() throws Exception {
        // GIVEN every send to a room of about 10 cut into shards of 3 (FaultMatrix --sharded)
        List<Report> reports = FaultMatrix.run(20, List.of(0.0, 0.2), 28, true);
        reports.forEach(r -> System.out.println(r.text()));
        // THEN without faults every send is acked as queued, every queued recipient got it once, nothing breaks
        Report none = reports.get(0);
        assertThat(none.outcomes()).containsEntry("send: ack", 60L);
        assertThat(none.observed()).containsEntry(FaultRun.SHARDED_ACKS, 60L);
        assertThat(none.violations()).containsEntry(Report.SKIPPED, 0L).containsEntry(Report.DUPLICATES, 0L);
        assertThat(none.totalViolations()).as(none.text()).isZero();
        // AND at 20 % the shards ran under faults and every invariant was checked
        Report heavy = reports.get(1);
        assertThat(heavy.injected()).isNotEmpty();
        assertThat(heavy.violations().keySet()).containsAll(Report.INVARIANTS);
    }
}
