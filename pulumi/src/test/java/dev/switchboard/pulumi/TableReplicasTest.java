package dev.switchboard.pulumi;

import dev.switchboard.blueprint.Blueprint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global table's replicas are {@code aws.dynamodb.TableReplica} resources, each in its own region with deletion
 * protection and point-in-time recovery as the environment asks (pulumi-aws 6.83.0's inline replica arguments cannot
 * turn on deletion protection, so CDK's replicas had it and Pulumi's did not). The table ignores changes to its old
 * inline replicas, so a stack that has them in its state does not delete them; with
 * {@code switchboard:adoptTableReplicas} the new resources import the existing replicas (import id
 * {@code <table>:<main region>}) instead of creating them.
 */
class TableReplicasTest {
    @Test
    void prodReplicas_areResourcesOfTheirOwn_withDeletionProtection_inTheirRegion() {
        ProgramRun run = ProgramRun.shared(ProgramRun.blueprint("prod", Map.of("alarmEmail", ProdStackTest.EMAIL)));
        assertThat(run.ofType(Types.TABLE)).singleElement().satisfies(t -> assertThat(t.inputs())
                .doesNotContainKey("replicas"));
        assertThat(run.ofType(Types.TABLE_REPLICA)).extracting(run::regionOf)
                .containsExactlyInAnyOrder("eu-west-1", "ap-northeast-1");
        assertThat(run.ofType(Types.TABLE_REPLICA)).allSatisfy(r -> assertThat(r.inputs())
                .containsEntry("deletionProtectionEnabled", true).containsEntry("pointInTimeRecovery", true)
                .containsEntry("globalTableArn", "arn:aws:dynamodb:us-east-1:" + ProgramRun.ACCOUNT
                        + ":table/switchboard-prod-connections"));
        assertThat(run.declared("us-east-1-connections").ignoreChanges()).containsExactly("replicas");
        assertThat(run.declared.stream().filter(d -> d.type().equals(Types.TABLE_REPLICA)))
                .allSatisfy(d -> assertThat(d.importId()).isNull());
    }

    @Test
    void anExistingStack_adoptsItsReplicas_byImportInsteadOfCreatingThem() {
        Blueprint bp = ProgramRun.blueprint("staging", Map.of());
        ProgramRun run = ProgramRun.run((ctx, secrets) -> App.define(ctx, SwitchboardArgs.of(bp, secrets)
                .withAdoptInlineReplicas(true)));
        List<ProgramRun.Declared> replicas = run.declared.stream().filter(d -> d.type().equals(Types.TABLE_REPLICA))
                .toList();
        assertThat(replicas).hasSize(2).allSatisfy(d -> assertThat(d.importId())
                .isEqualTo("switchboard-staging-connections:us-east-1"));
        // staging has no deletion protection: the replicas follow the environment
        assertThat(run.ofType(Types.TABLE_REPLICA)).allSatisfy(r -> assertThat(r.inputs())
                .containsEntry("deletionProtectionEnabled", false));
    }
}
