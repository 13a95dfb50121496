package dev.switchboard.blueprint;

import java.util.List;

/**
 * A DynamoDB table, billed on demand, encrypted at rest.
 *
 * @param id           logical id; renderers derive the physical name from it and the environment
 * @param partitionKey partition key
 * @param sortKey      sort key
 * @param indexes      global secondary indexes
 * @param ttlAttribute epoch-seconds attribute that DynamoDB expires on
 */
public record TableSpec(String id, KeyAttribute partitionKey, KeyAttribute sortKey, List<IndexSpec> indexes,
                        String ttlAttribute) {
    public TableSpec {
        Check.notBlank("tables[].id", id, "give the table an id such as 'connections'");
        if (partitionKey == null || sortKey == null) {
            throw new BlueprintException("tables." + id + ".keys", "partition and sort key are required",
                    "set both keys");
        }
        indexes = List.copyOf(indexes == null ? List.of() : indexes);
        Check.unique("tables." + id + ".indexes", indexes, IndexSpec::name);
        Check.notBlank("tables." + id + ".ttlAttribute", ttlAttribute, "name the TTL attribute, e.g. 'ttl'");
    }

    /** The index with that name. */
    public IndexSpec index(String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new BlueprintException("tables." + id + ".indexes", "no index '" + name + "'",
                        "add the index to the table"));
    }
}
