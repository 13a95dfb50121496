package dev.switchboard.pulumi;

import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import dev.switchboard.blueprint.Blueprint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The components refuse placements that fail at deploy time, before any resource is declared. */
class PlacementGuardsTest {

    static Provider provider(String region) {
        return new Provider("guard-" + region, ProviderArgs.builder().region(region)
                .allowedAccountIds(List.of(ProgramRun.ACCOUNT)).build());
    }

    @Test
    void guard_aCloudFrontScopeWebAclOutsideUsEast1_isRefused() {
        Blueprint bp = ProgramRun.blueprint("prod", Map.of());
        assertThatThrownBy(() -> ProgramRun.run((ctx, secrets) ->
                new EdgeProtection("edge", bp, new Placement("eu-west-1", provider("eu-west-1")), null)))
                .hasStackTraceContaining("must be created in us-east-1");
    }

    @Test
    void guard_theGlobalTableOutsideThePrimaryRegion_isRefused() {
        Blueprint bp = ProgramRun.blueprint("prod", Map.of());
        assertThatThrownBy(() -> ProgramRun.run((ctx, secrets) ->
                new ConnectionTable("table", bp, new Placement("eu-west-1", provider("eu-west-1")), null)))
                .hasStackTraceContaining("primary region us-east-1");
    }
}
