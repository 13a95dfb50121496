package dev.switchboard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.local.LocalGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole probe against the local API with the reference handlers: no case fails. */
class ProbeAgainstLocalTest {
    private static LocalGateway gateway;

    @BeforeAll
    static void start() {
        gateway = LocalApi.start(LocalApi.reference());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyCase_passes_againstTheLocalApi() throws Exception {
        List<Result> results = LocalApi.run(LocalApi.options(List.of(LocalApi.target(gateway))));
        assertThat(results).filteredOn(r -> r.status() == Result.Status.FAILED).extracting(Result::line).isEmpty();
        assertThat(results).filteredOn(r -> r.status() == Result.Status.SKIPPED).extracting(Result::name)
                .allMatch(n -> n.startsWith("crossRegion_")
                        || n.equals("frame_oneByteOver_closes1009_deflateOffered"));
        // pong carries the connection id (protocol v2), so the @connections cases on the probe's own connections run
        assertThat(results).filteredOn(r -> r.name().startsWith("management_"))
                .allMatch(r -> r.status() == Result.Status.PASSED);
        assertThat(results).hasSizeGreaterThan(30);
    }
}
