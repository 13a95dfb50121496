package dev.switchboard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.local.LocalGateway;
import dev.switchboard.probe.faults.Fault;
import dev.switchboard.probe.faults.FaultBlueprint;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The probe against faults: the local API runs a blueprint whose functions are wrappers of the reference handlers
 * ({@link FaultBlueprint}); with one fault switched on, the whole probe runs and exactly the matching case fails.
 * With none, every case passes (the management cases included: the ping wrapper tells a client its connection id).
 *
 * <p>Each run has a gateway of its own with its fault (in the wrapped functions' environment), so the six runs are
 * started together, {@link #LANES} at a time, and each test asserts on its run's results: a run mostly waits, on
 * the probe's pacing and, where a fault loses a frame, on the timeout, so the waits overlap.
 */
class FaultInjectionTest {
    /** Runs at once: their waits overlap while their work (a gateway, dynalite and the probe each) fits two cores. */
    static final int LANES = 3;
    /**
     * The user's message rate and burst of these gateways, and the probe's (it paces each user at 80% of the rate,
     * and the rate-limit cases wait burst / rate for the user's bucket to refill, four times a run): twice the
     * reference rate with the same burst (a blueprint's burst is at least its rate) halves the pacing and makes those
     * waits 1.1 s instead of 2.1 s. The rate-limit cases still send the burst and five more frames at once, which
     * arrive well within the 250 ms that five frames take to refill at this rate (the limiter counts the gateway's
     * arrival time), so RATE_LIMITED still comes.
     */
    private static final int RATE = 20;
    private static final int BURST = 20;

    private static ExecutorService lanes;
    private static final Map<Fault, Future<List<Result>>> RUNS = new EnumMap<>(Fault.class);

    @BeforeAll
    static void startAllRuns() {
        lanes = Executors.newFixedThreadPool(LANES);
        for (Fault f : Fault.values()) {
            RUNS.put(f, lanes.submit(() -> run(f)));
        }
    }

    @AfterAll
    static void stop() {
        lanes.shutdownNow();
    }

    private static Blueprint blueprint(Fault fault) {
        // the NO_CLEANUP fault drops $disconnect, so the probe users' connection slots stay held until their TTL:
        // a cap far above what a probe run opens keeps the run's later cases from 429 (the cap has its own tests)
        var reference = LocalApi.reference();
        return FaultBlueprint.of(reference.withLimits(reference.limits().toBuilder().maxConnectionsPerUser(1000)
                .messageRatePerSecond(RATE).messageBurst(BURST).build()), fault);
    }

    private static List<Result> run(Fault fault) throws Exception {
        try (LocalGateway gateway = LocalApi.start(blueprint(fault))) {
            // a missing frame is what most faults cause: 6 s is ample on loopback and keeps the faulted runs short
            ProbeOptions options = ProbeOptions.parse(new String[] {"--url", "ws://127.0.0.1:1/dev", "--timeout", "6s",
                    "--message-rate", Integer.toString(RATE), "--message-burst", Integer.toString(BURST)})
                    .withTargets(List.of(LocalApi.target(gateway)));
            return LocalApi.run(options);
        }
    }

    private static Set<String> failed(List<Result> results) {
        Set<String> out = new TreeSet<>();
        results.stream().filter(r -> r.status() == Result.Status.FAILED).forEach(r -> out.add(r.name()));
        return out;
    }

    @Test
    void withoutFault_everyCasePasses_managementIncluded() throws Exception {
        List<Result> results = RUNS.get(Fault.NONE).get();
        assertThat(failed(results)).isEmpty();
        assertThat(results).filteredOn(r -> r.status() == Result.Status.SKIPPED).extracting(Result::name)
                .containsExactlyInAnyOrder("crossRegion_sendInA_reachesMemberInB", "frame_oneByteOver_closes1009_deflateOffered");
    }

    @ParameterizedTest(name = "{0} fails only {1}")
    @CsvSource({
            "MESSAGE_DROPPED, broadcast_reachesEveryMember",
            "WRONG_ERROR_CODE, unknownAction_answersUnknownAction",
            "NO_CLEANUP, close_removesTheConnectionFromItsRooms",
            "LARGEST_REFUSED, send_largestData_isAccepted",
            "INTERNAL, whisper_reachesEveryConnectionOfTheUser"})
    void oneFault_failsExactlyTheMatchingCase(Fault fault, String matchingCase) throws Exception {
        assertThat(failed(RUNS.get(fault).get())).containsExactly(matchingCase);
    }
}
