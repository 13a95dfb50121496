package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.IndexSpec;
import dev.switchboard.blueprint.KeyAttribute;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.blueprint.TableSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ReplicaTableProps;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The global connection table ({@link dev.switchboard.blueprint.ConnectionSchema}). In the environment's primary
 * region it creates the DynamoDB global table (TableV2, on demand, encrypted with the AWS managed key, TTL, one replica
 * per other region); in any other region it refers to that region's replica by name, so no token crosses regions.
 * Grants are the narrowest {@link TableAccess} needs and never include {@code Scan}.
 */
public final class ConnectionTable extends Construct {
    /** Actions of {@link TableAccess#READ}. */
    public static final List<String> READ_ACTIONS = List.of("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
            "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query");
    /** Actions {@link TableAccess#READ_WRITE} adds to {@link #READ_ACTIONS}. */
    public static final List<String> WRITE_ACTIONS = List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
            "dynamodb:PutItem", "dynamodb:UpdateItem");

    /**
     * @param table              the table's schema
     * @param tableName          physical name, the same in every region
     * @param primaryRegion      the region that creates the global table
     * @param replicaRegions     the other regions; must not contain the primary region
     * @param deletionProtection deletion protection (turned on by {@link TableProtection} once the stack exists, so
     *                           a failed first create can still delete the table), point-in-time recovery and
     *                           RETAIN_ON_UPDATE_OR_DELETE (otherwise none of them and DESTROY)
     */
    public record Props(TableSpec table, String tableName, String primaryRegion, List<String> replicaRegions,
                        boolean deletionProtection) {
        public Props {
            replicaRegions = List.copyOf(replicaRegions);
        }

        /** The connection table of {@code blueprint}'s environment. */
        public static Props of(Blueprint blueprint) {
            TableSpec t = blueprint.dataModel().connections();
            return new Props(t, blueprint.tableName(t), blueprint.environment().primaryRegion(),
                    blueprint.environment().replicaRegions(), blueprint.environment().deletionProtection());
        }
    }

    private final Props props;
    private final TableV2 table;
    private final String region;

    public ConnectionTable(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.region = Regional.region(this);
        if (props.replicaRegions().contains(props.primaryRegion())) {
            throw new BlueprintException("environments.regions", "the replica list " + props.replicaRegions()
                    + " contains the primary region " + props.primaryRegion() + " (a global table cannot replicate"
                    + " to its own region; CloudFormation fails)", "list each region once and let the primary region"
                    + " create the table");
        }
        if (!props.primaryRegion().equals(region) && !props.replicaRegions().contains(region)) {
            throw new BlueprintException("environments.regions", "region " + region + " holds no replica of "
                    + props.tableName(), "add " + region + " to the environment's regions");
        }
        if (props.primaryRegion().equals(region)) {
            TableSpec t = props.table();
            List<GlobalSecondaryIndexPropsV2> indexes = new ArrayList<>();
            for (IndexSpec i : t.indexes()) {
                indexes.add(GlobalSecondaryIndexPropsV2.builder().indexName(i.name())
                        .partitionKey(attribute(i.partitionKey())).sortKey(attribute(i.sortKey())).build());
            }
            List<ReplicaTableProps> replicas = props.replicaRegions().stream()
                    .map(r -> ReplicaTableProps.builder().region(r).build()).toList();
            TableV2.Builder builder = TableV2.Builder.create(this, "Resource")
                    .tableName(props.tableName())
                    .partitionKey(attribute(t.partitionKey()))
                    .sortKey(attribute(t.sortKey()))
                    .globalSecondaryIndexes(indexes)
                    .timeToLiveAttribute(t.ttlAttribute())
                    .billing(Billing.onDemand())
                    .encryption(TableEncryptionV2.awsManagedKey())
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(props.deletionProtection()).build())
                    .removalPolicy(props.deletionProtection() ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY)
                    .replicas(replicas);
            if (!props.deletionProtection()) {
                builder.deletionProtection(false);
            }
            this.table = builder.build();
            if (props.deletionProtection()) {
                List<String> regions = new ArrayList<>(List.of(region));
                regions.addAll(props.replicaRegions());
                new TableProtection(this, "Protection", props.tableName(), regions);
            }
        } else {
            this.table = null;
        }
    }

    private static Attribute attribute(KeyAttribute k) {
        AttributeType type = switch (k.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
            case B -> AttributeType.BINARY;
        };
        return Attribute.builder().name(k.name()).type(type).build();
    }

    /** Physical table name (the same in every region). */
    public String tableName() {
        return props.tableName();
    }

    /** Whether this construct created the global table (primary region) rather than referring to a replica. */
    public boolean owner() {
        return table != null;
    }

    /** The global table, or null outside the primary region. */
    public TableV2 table() {
        return table;
    }

    /** This region's replica ARN, {@code arn:<partition>:dynamodb:<region>:<account>:table/<name>}. */
    public String tableArn() {
        Stack s = Stack.of(this);
        return "arn:" + s.getPartition() + ":dynamodb:" + region + ":" + s.getAccount() + ":table/" + props.tableName();
    }

    /** ARN pattern of this region's replica's indexes. */
    public String indexesArn() {
        return tableArn() + "/index/*";
    }

    /**
     * Grants {@code access} on this region's replica and its indexes; for {@link TableAccess#NONE} a dropped grant
     * (nothing in the template).
     */
    public Grant grant(IGrantable grantee, TableAccess access) {
        if (access == TableAccess.NONE) {
            return Grant.drop(grantee, "TableAccess.NONE");
        }
        List<String> actions = new ArrayList<>(READ_ACTIONS);
        if (access == TableAccess.READ_WRITE) {
            actions.addAll(WRITE_ACTIONS);
        }
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(grantee).actions(actions)
                .resourceArns(List.of(tableArn(), indexesArn())).build());
    }
}
