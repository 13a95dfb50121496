package dev.switchboard.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Turns DynamoDB deletion protection on for every replica of the global table once the rest of the stack exists: one
 * {@code UpdateTable} call per region ({@code DeletionProtectionEnabled: true}, through the stack's
 * {@link LookupProvider}), each depending on every other resource of the stack, so nothing can fail after it.
 * <p>Why not {@code DeletionProtectionEnabled} in the template: a failed first create rolls back by deleting the new
 * table ({@code RetainExceptOnCreate}), DynamoDB refuses to delete a protected table ("Resource cannot be deleted as
 * it is currently protected against deletion"), and the stack ends in {@code ROLLBACK_FAILED}
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection;
 * aws-cdk PR #24581 turns protection off before its integration test's teardown for the same reason). Here the table is
 * created unprotected; if the stack fails before the last step, the rollback deletes it; once the last step has run,
 * the stack is complete and an update's rollback never deletes the table. Deleting a call turns protection off again
 * in its region: if one region's call fails, the rollback deletes the calls that succeeded (unprotecting their
 * replicas) before it deletes the table. So a deleted stack leaves the table retained (RetainExceptOnCreate) but
 * unprotected (docs/deploy.md).
 */
public final class TableProtection extends Construct {
    private final List<AwsCustomResource> calls = new ArrayList<>();

    /**
     * @param tableName the global table's name (the same in every region)
     * @param regions   every region with a replica, the primary region included
     */
    public TableProtection(Construct scope, String id, String tableName, List<String> regions) {
        super(scope, id);
        Stack s = Stack.of(this);
        LookupProvider provider = LookupProvider.of(this);
        for (String region : regions) {
            provider.allow(List.of("dynamodb:UpdateTable"), List.of("arn:" + s.getPartition() + ":dynamodb:" + region
                    + ":" + s.getAccount() + ":table/" + tableName));
            calls.add(provider.call(this, Regional.idOf(region), updateTable(tableName, region, true),
                    updateTable(tableName, region, false)));
        }
        Aspects.of(this).add(new AfterEverythingElse());
    }

    private static AwsSdkCall updateTable(String tableName, String region, boolean protect) {
        AwsSdkCall.Builder call = AwsSdkCall.builder()
                .service("DynamoDB")
                .action("UpdateTable")
                .parameters(new TreeMap<>(Map.of("TableName", tableName, "DeletionProtectionEnabled", protect)))
                .region(region)
                .physicalResourceId(PhysicalResourceId.of(tableName + "@" + region));
        // turning protection off must not fail the rollback of a table that is already gone
        return protect ? call.build() : call.ignoreErrorCodesMatching("ResourceNotFoundException").build();
    }

    /** The {@code UpdateTable} calls, one per region. */
    public List<AwsCustomResource> calls() {
        return List.copyOf(calls);
    }

    /**
     * At synthesis (after every construct of the stack exists, routes added later and a user's own resources
     * included), makes this construct depend on each sibling of itself and of each of its ancestors up to the stack,
     * except the provider (a dependency already: its ARN is the service token) and other protection calls (another
     * Switchboard's in the same stack, which would otherwise form a cycle).
     */
    private final class AfterEverythingElse implements IAspect {
        @Override
        public void visit(IConstruct node) {
            if (node != TableProtection.this) {
                return;
            }
            IConstruct stack = Stack.of(node);
            for (IConstruct child = node; child != stack; child = child.getNode().getScope()) {
                for (IConstruct sibling : child.getNode().getScope().getNode().getChildren()) {
                    if (sibling != child) {
                        dependOn(sibling);
                    }
                }
            }
        }

        private void dependOn(IConstruct c) {
            if (c instanceof TableProtection || LookupProvider.isProvider(c)) {
                return;
            }
            boolean holdsProtection = c.getNode().findAll().stream().anyMatch(x -> x instanceof TableProtection);
            if (!holdsProtection) {
                getNode().addDependency(c);
                return;
            }
            for (IConstruct child : c.getNode().getChildren()) {
                dependOn(child);
            }
        }
    }
}
