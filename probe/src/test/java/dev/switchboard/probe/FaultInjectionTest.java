package dev.switchboard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.LocalGateway;
import dev.switchboard.probe.faults.Fault;
import dev.switchboard.probe.faults.FaultBlueprint;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The probe against faults: the local API runs a blueprint whose functions are wrappers of the reference handlers
 * ({@link FaultBlueprint}); with one fault switched on, the whole probe runs and exactly the matching case fails.
 * With none, every case passes (the management cases included: the ping wrapper tells a client its connection id).
 */
class FaultInjectionTest {
    private static LocalGateway gateway;
    private static ProbeOptions options;

    @BeforeAll
    static void start() {
        // the NO_CLEANUP fault drops $disconnect, so the probe users' connection slots stay held until their TTL:
        // a cap far above what six probe runs open keeps the later runs from 429 (the cap has its own tests)
        var reference = LocalApi.reference();
        gateway = LocalApi.start(FaultBlueprint.of(reference.withLimits(
                reference.limits().toBuilder().maxConnectionsPerUser(1000).build())));
        // a missing frame is what most faults cause: 6 s is ample on loopback and keeps six runs short
        options = ProbeOptions.parse(new String[] {"--url", "ws://127.0.0.1:1/dev", "--timeout", "6s"})
                .withTargets(List.of(LocalApi.target(gateway)));
    }

    @AfterAll
    static void stop() {
        Fault.activate(Fault.NONE);
        gateway.close();
    }

    @AfterEach
    void heal() {
        Fault.activate(Fault.NONE);
    }

    private static Set<String> failed(List<Result> results) {
        Set<String> out = new TreeSet<>();
        results.stream().filter(r -> r.status() == Result.Status.FAILED).forEach(r -> out.add(r.name()));
        return out;
    }

    @Test
    void withoutFault_everyCasePasses_managementIncluded() throws Exception {
        List<Result> results = LocalApi.run(options);
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
        Fault.activate(fault);
        List<Result> results = LocalApi.run(options);
        assertThat(failed(results)).containsExactly(matchingCase);
    }
}
