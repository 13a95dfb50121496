package dev.switchboard.bench.load;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.LocalClients;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Counts the items of the local API's connection table (the dev blueprint's, docs/data-model.md) from outside the
 * request path: a Scan with {@code Select COUNT}, summed over its pages (a Scan page stops at 1 MB read, and
 * {@code Count} is per page: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html). Strongly
 * consistent, so that a count taken after the churn has stopped sees every write before it.
 */
final class ConnectionTableCount implements AutoCloseable {
    private final DynamoDbClient dynamo;
    private final String table;

    ConnectionTableCount(URI endpoint) {
        Blueprint dev = Blueprint.reference(Environments.resolve("dev", Map.of()));
        this.dynamo = LocalClients.dynamoDb(endpoint);
        this.table = dev.tableName(dev.dataModel().connections());
    }

    /** All items. */
    long items() {
        return count(ScanRequest.builder());
    }

    /** Connection records ({@code sk = META}): one per connection the table believes open. */
    long connectionRecords() {
        return count(ScanRequest.builder().filterExpression("sk = :meta")
                .expressionAttributeValues(Map.of(":meta", AttributeValue.fromS("META"))));
    }

    /**
     * The keys ({@code pk / sk}) of at most {@code max} items that are neither room count buckets nor anything else
     * a run expects, for a report to say what was left behind.
     */
    java.util.List<String> itemsBesideCountBuckets(int max) {
        ScanRequest r = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("NOT begins_with(sk, :count)")
                .expressionAttributeValues(Map.of(":count", AttributeValue.fromS("COUNT#")))
                .projectionExpression("pk, sk").build();
        return dynamo.scanPaginator(r).items().stream().limit(max)
                .map(i -> i.get("pk").s() + " / " + i.get("sk").s()).toList();
    }

    /** Room count buckets ({@code sk} begins with {@code COUNT#}): per room and time, not per connection. */
    long roomCountBuckets() {
        return count(ScanRequest.builder().filterExpression("begins_with(sk, :count)")
                .expressionAttributeValues(Map.of(":count", AttributeValue.fromS("COUNT#"))));
    }

    private long count(ScanRequest.Builder request) {
        ScanRequest r = request.tableName(table).select(Select.COUNT).consistentRead(true).build();
        return dynamo.scanPaginator(r).stream().mapToLong(p -> p.count()).sum();
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
