package dev.switchboard.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.local.LocalConfig;
import dev.switchboard.local.LocalGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cross-region case on one machine: two local APIs, "us-east-1" and "eu-west-1", share one table (as regions share
 * the global table, docs/multi-region.md), and each member's record carries its region's callback URL, so a send in
 * one gateway reaches a member of the other.
 */
class CrossRegionLocalTest {
    private static LocalGateway east;
    private static LocalGateway west;

    @BeforeAll
    static void start() {
        east = LocalApi.start(LocalApi.reference());
        Blueprint westBlueprint = Blueprint.reference(Environments.resolve("dev",
                Map.of("primaryRegion", "eu-west-1", "regions", List.of("eu-west-1"))));
        west = LocalGateway.start(westBlueprint, LocalConfig.defaults().withInvocationThreads(16)
                .withDynamoDbEndpoint(east.dynamoDbEndpoint().toString()));
    }

    @AfterAll
    static void stop() {
        west.close();
        east.close();
    }

    @Test
    void aSendInOneRegion_reachesAMemberInTheOther_bothWays() throws Exception {
        Target a = new Target("us-east-1", east.websocketUrl(), east.callbackUrl());
        Target b = new Target("eu-west-1", west.websocketUrl(), west.callbackUrl());
        ProbeOptions options = ProbeOptions.parse(new String[] {"--url", "ws://127.0.0.1:1/dev", "--only", "crossRegion"})
                .withTargets(List.of(a, b));
        List<Result> results = LocalApi.run(options);
        assertThat(results).extracting(Result::line).containsExactly(
                "pass  crossRegion_sendInA_reachesMemberInB[us-east-1->eu-west-1]",
                "pass  crossRegion_sendInA_reachesMemberInB[eu-west-1->us-east-1]");
    }
}
