package dev.switchboard.pulumi;

import com.pulumi.aws.dynamodb.Table;
import com.pulumi.aws.dynamodb.TableArgs;
import com.pulumi.aws.dynamodb.inputs.TableAttributeArgs;
import com.pulumi.aws.dynamodb.inputs.TableGlobalSecondaryIndexArgs;
import com.pulumi.aws.dynamodb.inputs.TablePointInTimeRecoveryArgs;
import com.pulumi.aws.dynamodb.inputs.TableReplicaArgs;
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
 * asks for deletion protection (prod by default). Every region's functions use the replica in their own region by the
 * same name.
 */
public final class ConnectionTable extends ComponentResource {
    public static final String TYPE = "switchboard:index:ConnectionTable";

    private final Table table;
    private final TableSpec spec;
    private final String physicalName;

    ConnectionTable(String name, Blueprint blueprint, Placement primary, Resource parent) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        Environment env = blueprint.environment();
        if (!primary.region().equals(env.primaryRegion())) {
            throw new IllegalArgumentException("the table belongs in the primary region " + env.primaryRegion());
        }
        this.spec = blueprint.dataModel().connections();
        this.physicalName = blueprint.tableName(spec);
        List<TableReplicaArgs> replicas = env.replicaRegions().stream()
                .map(r -> TableReplicaArgs.builder().regionName(r)
                        .pointInTimeRecovery(env.deletionProtection()).propagateTags(true).build())
                .toList();
        boolean replicated = !replicas.isEmpty();
        CustomResourceOptions opts = CustomResourceOptions.builder().parent(this).provider(primary.provider())
                .retainOnDelete(env.deletionProtection()).build();
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
                .replicas(replicas)
                .build(), opts);
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
        return table.name();
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
