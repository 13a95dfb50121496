package dev.switchboard.pulumi;

import com.pulumi.aws.dynamodb.Table;
import com.pulumi.aws.dynamodb.TableArgs;
import com.pulumi.aws.dynamodb.inputs.TableAttributeArgs;
import com.pulumi.aws.dynamodb.inputs.TableGlobalSecondaryIndexArgs;
import com.pulumi.aws.dynamodb.inputs.TablePointInTimeRecoveryArgs;
import com.pulumi.aws.dynamodb.TableReplica;
import com.pulumi.aws.dynamodb.inputs.TableServerSideEncryptionArgs;
import com.pulumi.aws.dynamodb.inputs.TableTtlArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.IndexSpec;
import dev.switchboard.blueprint.KeyAttribute;
import dev.switchboard.blueprint.TableSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global connection table (the CDK construct of the same name): created in the environment's primary region,
 * billed on demand, with a replica in every other region ({@link Environment#replicaRegions()}) and then streams
 * {@code NEW_AND_OLD_IMAGES} (replication needs them; a one-region table has none, like CDK's TableV2), TTL on the schema's TTL attribute, encryption at rest with the
 * AWS managed key, and point-in-time recovery, deletion protection and {@code retainOnDelete} when the environment
 * asks for deletion protection (prod by default), on the table and on every replica (each an
 * {@code aws.dynamodb.TableReplica} in its own region, see docs/deploy.md for moving an existing stack to them). Every region's functions use the replica in their own region by the
 * same name.
 */
public final class ConnectionTable extends ComponentResource {
    public static final String TYPE = "switchboard:index:ConnectionTable";

    private final Table table;
    private final TableSpec spec;
    private final String physicalName;
    private final List<TableReplica> tableReplicas = new ArrayList<>();

    ConnectionTable(String name, Blueprint blueprint, Placement primary, Resource parent) {
        this(name, blueprint, primary, Map.of(), parent, false);
    }

    /**
     * @param replicas the replica regions' placements (each region's own provider)
     * @param adopt    import existing replicas (declared inline by an earlier version) instead of creating them
     */
    ConnectionTable(String name, Blueprint blueprint, Placement primary, Map<String, Placement> replicas,
                    Resource parent, boolean adopt) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        Environment env = blueprint.environment();
        if (!primary.region().equals(env.primaryRegion())) {
            throw new IllegalArgumentException("the table belongs in the primary region " + env.primaryRegion());
        }
        this.spec = blueprint.dataModel().connections();
        this.physicalName = blueprint.tableName(spec);
        boolean replicated = !env.replicaRegions().isEmpty();
        // The replicas are resources of their own (aws.dynamodb.TableReplica): pulumi-aws 6.83.0's inline replica
        // arguments cannot turn on a replica's deletion protection. ignoreChanges on the table's inline replicas keeps
        // a stack that still has them in its state from deleting them when they leave the table's arguments.
        CustomResourceOptions opts = CustomResourceOptions.builder().parent(this).provider(primary.provider())
                .retainOnDelete(env.deletionProtection()).ignoreChanges(List.of("replicas")).build();
        TableArgs.Builder args = TableArgs.builder();
        if (replicated) {
            args.streamViewType("NEW_AND_OLD_IMAGES");
        }
        this.table = new Table(primary.name("connections"), args
                .name(physicalName)
                .billingMode("PAY_PER_REQUEST")
                .hashKey(spec.partitionKey().name())
                .rangeKey(spec.sortKey().name())
                .attributes(attributes(spec))
                .globalSecondaryIndexes(spec.indexes().stream().map(i -> TableGlobalSecondaryIndexArgs.builder()
                        .name(i.name()).hashKey(i.partitionKey().name()).rangeKey(i.sortKey().name())
                        .projectionType("ALL").build()).toList())
                .ttl(TableTtlArgs.builder().attributeName(spec.ttlAttribute()).enabled(true).build())
                .streamEnabled(replicated)
                .pointInTimeRecovery(TablePointInTimeRecoveryArgs.builder().enabled(env.deletionProtection()).build())
                .deletionProtectionEnabled(env.deletionProtection())
                .serverSideEncryption(TableServerSideEncryptionArgs.builder().enabled(true).build())
                .build(), opts);
        for (String region : env.replicaRegions()) {
            Placement p = replicas.get(region);
            if (p == null) {
                throw new IllegalArgumentException("no placement for replica region " + region);
            }
            CustomResourceOptions.Builder ro = CustomResourceOptions.builder().parent(this).provider(p.provider())
                    .retainOnDelete(env.deletionProtection());
            if (adopt) {
                // the provider's import id of a replica: <table name>:<main region>
                ro.importId(physicalName + ":" + primary.region());
            }
            tableReplicas.add(new TableReplica(p.name("connections-replica"), com.pulumi.aws.dynamodb.TableReplicaArgs
                    .builder()
                    .globalTableArn(table.arn())
                    .deletionProtectionEnabled(env.deletionProtection())
                    .pointInTimeRecovery(env.deletionProtection())
                    .build(), ro.build()));
        }
        registerOutputs(Map.of("tableName", table.name(), "tableArn", table.arn()));
    }

    private static List<TableAttributeArgs> attributes(TableSpec t) {
        Map<String, KeyAttribute> keys = new LinkedHashMap<>();
        keys.put(t.partitionKey().name(), t.partitionKey());
        keys.put(t.sortKey().name(), t.sortKey());
        for (IndexSpec i : t.indexes()) {
            keys.putIfAbsent(i.partitionKey().name(), i.partitionKey());
            keys.putIfAbsent(i.sortKey().name(), i.sortKey());
        }
        List<TableAttributeArgs> out = new ArrayList<>();
        keys.values().forEach(k -> out.add(TableAttributeArgs.builder().name(k.name()).type(k.type().name()).build()));
        return out;
    }

    /** The table's name as an output, so that users of it wait for the table (and its replicas). */
    public Output<String> tableName() {
        List<Output<String>> parts = new ArrayList<>();
        parts.add(table.name());
        tableReplicas.forEach(r -> parts.add(r.id()));
        return Output.all(parts).applyValue(l -> l.get(0));
    }

    /** The replicas, one per replica region (each through its region's provider). */
    public List<TableReplica> replicas() {
        return List.copyOf(tableReplicas);
    }

    /** The table resource in the primary region. */
    public Table table() {
        return table;
    }

    /** The physical name, the same in every region. */
    public String physicalName() {
        return physicalName;
    }

    /** The table's ARN in {@code region} (the replica there, or the table itself in the primary region). */
    public String arnIn(String region, String account) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + physicalName;
    }

    /** The ARNs of the table's indexes in {@code region}. */
    public List<String> indexArnsIn(String region, String account) {
        return spec.indexes().stream().map(i -> arnIn(region, account) + "/index/" + i.name()).toList();
    }
}
