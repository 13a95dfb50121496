package dev.switchboard.blueprint;

/**
 * A global secondary index, projecting all attributes. Every index has a sort key: dynalite, which the local API and
 * the tests run on, silently loses items from partition-key-only indexes.
 */
public record IndexSpec(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {
    public IndexSpec {
        Check.notBlank("indexes[].name", name, "name the index");
        if (partitionKey == null) {
            throw new BlueprintException("indexes." + name + ".partitionKey", "must be set", "give the index a partition key");
        }
        if (sortKey == null) {
            throw new BlueprintException("indexes." + name + ".sortKey", "an index needs a sort key",
                    "add a sort key (dynalite loses items from partition-key-only indexes)");
        }
    }
}
