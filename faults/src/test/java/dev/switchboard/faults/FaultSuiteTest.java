package dev.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole local API driven by 40 real WebSocket clients while DynamoDB throttles and fails and the management API
 * answers 429, 500, 410 or hangs (issue 28), at one fault rate; bench/bench.sh faults runs the 0 / 5 / 20 % matrix,
 * and bench/smoke.sh this run with 100 clients (FaultMatrixSmokeTest). Every invariant of {@link Report#INVARIANTS}
 * must hold. 40 clients (4 rooms of 10, 20 users of two connections) take the same paths as 100 and draw every kind of
 * fault about 20 times; the run's length is mostly clients waiting out hung requests, which fewer clients meet fewer
 * times in a row.
 */
class FaultSuiteTest {
    private static final int CLIENTS = 40;
    private static FaultRun run;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        run = FaultRun.start(Blueprint.reference(Environments.resolve("dev", Map.of())), root);
    }

    @AfterAll
    static void stop() throws Exception {
        run.close();
    }

    @Test
    void atFivePercentFaults_ofEveryKind_everyInvariantHolds() throws Exception {
        // GIVEN 40 clients and a proxy failing 5 % of the handlers' requests, every kind of fault equally likely
        // WHEN the workload runs (FaultRun's Javadoc)
        Report r = run.run(FaultPlan.of(0.05, FaultPlan.ALL, 28), CLIENTS);
        System.out.println(r.text());
        // THEN faults of both services were injected, the clients did their work, and no invariant broke
        assertThat(r.requests().get("dynamodb")).isPositive();
        assertThat(r.requests().get("management")).isPositive();
        assertThat(r.injected().keySet()).anyMatch(k -> k.startsWith("DYNAMODB_")).anyMatch(k -> k.startsWith("MANAGEMENT_"));
        // (each client sends three: most are acked, a hung management API leaves some without a reply)
        assertThat(r.outcomes().getOrDefault("send: ack", 0L)).isGreaterThan(2L * CLIENTS);
        assertThat(r.violations()).as(r.text()).allSatisfy((k, v) -> assertThat(v).as(k).isZero());
    }
}
