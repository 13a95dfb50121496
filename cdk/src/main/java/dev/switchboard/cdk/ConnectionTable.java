package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.IndexSpec;
import dev.switchboard.blueprint.KeyAttribute;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.blueprint.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.IAnyProducer;
import software.amazon.awscdk.IResolveContext;
import software.amazon.awscdk.ITaggableV2;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TagManager;
import software.amazon.awscdk.TagType;
import software.amazon.awscdk.services.dynamodb.CfnGlobalTable;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * The global connection table ({@link dev.switchboard.blueprint.ConnectionSchema}). In the environment's primary
 * region it creates the DynamoDB global table ({@code AWS::DynamoDB::GlobalTable}, on demand, encrypted with the AWS
 * managed key, TTL, one replica per other region; an L1 rather than TableV2, whose constructor reads deprecated
 * TableGrantsProps fields and so prints deprecation warnings in every synth of aws-cdk-lib 2.263.0); in any other region it refers to that region's replica by name, so no token crosses regions.
 * Grants are the narrowest {@link TableAccess} needs and never include {@code Scan}.
 */
public final class ConnectionTable extends Construct implements ITaggableV2 {
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
    private final CfnGlobalTable table;
    private final TagManager tags;
    private final String region;

    public ConnectionTable(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.region = Regional.region(this);
        this.tags = new TagManager(TagType.STANDARD, "AWS::DynamoDB::GlobalTable");
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
            Map<String, String> attributes = new LinkedHashMap<>();
            List<KeyAttribute> keys = new ArrayList<>(List.of(t.partitionKey(), t.sortKey()));
            t.indexes().forEach(i -> keys.addAll(List.of(i.partitionKey(), i.sortKey())));
            keys.forEach(k -> attributes.putIfAbsent(k.name(), k.type().name()));
            List<CfnGlobalTable.GlobalSecondaryIndexProperty> indexes = new ArrayList<>();
            for (IndexSpec i : t.indexes()) {
                indexes.add(CfnGlobalTable.GlobalSecondaryIndexProperty.builder().indexName(i.name())
                        .keySchema(keySchema(i.partitionKey(), i.sortKey()))
                        .projection(CfnGlobalTable.ProjectionProperty.builder().projectionType("ALL").build())
                        .build());
            }
            // Resource/Resource: the path (and so the logical id) TableV2 gave the table before, so that a deployed
            // table is updated in place, never replaced
            CfnGlobalTable.Builder tb = CfnGlobalTable.Builder.create(new Construct(this, "Resource"), "Resource")
                    .tableName(props.tableName())
                    .attributeDefinitions(attributes.entrySet().stream().map(e -> CfnGlobalTable
                            .AttributeDefinitionProperty.builder().attributeName(e.getKey())
                            .attributeType(e.getValue()).build()).toList())
                    .keySchema(keySchema(t.partitionKey(), t.sortKey()))
                    .globalSecondaryIndexes(indexes)
                    .timeToLiveSpecification(CfnGlobalTable.TimeToLiveSpecificationProperty.builder()
                            .attributeName(t.ttlAttribute()).enabled(true).build())
                    .billingMode("PAY_PER_REQUEST")
                    .sseSpecification(CfnGlobalTable.SSESpecificationProperty.builder().sseEnabled(true)
                            .sseType("KMS").build())
                    .replicas(Lazy.uncachedAny(new IAnyProducer() {
                        @Override
                        public Object produce(IResolveContext context) {
                            return replicas(t);
                        }
                    }));
            if (!props.replicaRegions().isEmpty()) {
                // replicas need streams of new and old images (DynamoDB global tables, version 2019.11.21)
                tb.streamSpecification(CfnGlobalTable.StreamSpecificationProperty.builder()
                        .streamViewType("NEW_AND_OLD_IMAGES").build());
            }
            this.table = tb.build();
            table.applyRemovalPolicy(props.deletionProtection() ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
                    : RemovalPolicy.DESTROY);
            if (props.deletionProtection()) {
                List<String> regions = new ArrayList<>(List.of(region));
                regions.addAll(props.replicaRegions());
                new TableProtection(this, "Protection", props.tableName(), regions);
            }
        } else {
            this.table = null;
        }
    }

    /**
     * One replica per region, the other regions first and this one last, each with the table's deletion protection,
     * point-in-time recovery, indexes and the tags {@code Tags.of(..)} gave this construct.
     */
    private List<CfnGlobalTable.ReplicaSpecificationProperty> replicas(TableSpec t) {
        List<String> regions = new ArrayList<>(props.replicaRegions());
        regions.add(props.primaryRegion());
        List<CfnTag> tagList = new TreeMap<>(tags.tagValues()).entrySet().stream()
                .map(e -> CfnTag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        return regions.stream().map(r -> {
            CfnGlobalTable.ReplicaSpecificationProperty.Builder rb = CfnGlobalTable.ReplicaSpecificationProperty
                    .builder()
                    .region(r)
                    // prod: left out here and turned on by TableProtection once the stack exists
                    .deletionProtectionEnabled(props.deletionProtection() ? null : false)
                    .pointInTimeRecoverySpecification(CfnGlobalTable.PointInTimeRecoverySpecificationProperty
                            .builder().pointInTimeRecoveryEnabled(props.deletionProtection()).build())
                    .globalSecondaryIndexes(t.indexes().stream().map(i -> CfnGlobalTable
                            .ReplicaGlobalSecondaryIndexSpecificationProperty.builder().indexName(i.name()).build())
                            .toList());
            if (!tagList.isEmpty()) {
                rb.tags(tagList);
            }
            return rb.build();
        }).toList();
    }

    private static List<CfnGlobalTable.KeySchemaProperty> keySchema(KeyAttribute partition, KeyAttribute sort) {
        return List.of(CfnGlobalTable.KeySchemaProperty.builder().attributeName(partition.name()).keyType("HASH")
                        .build(),
                CfnGlobalTable.KeySchemaProperty.builder().attributeName(sort.name()).keyType("RANGE").build());
    }

    /** The tags {@code Tags.of(..)} gives this table; each replica carries them (unused outside the primary region). */
    @Override
    public TagManager getCdkTagManager() {
        return tags;
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
    public CfnGlobalTable table() {
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
