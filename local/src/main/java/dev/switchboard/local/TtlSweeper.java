package dev.switchboard.local;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's TTL expiry, which dynalite lacks: deletes the items of each blueprint table whose TTL attribute (epoch
 * seconds) is below now. A sweep scans (this is the emulator's housekeeping, not a request path) and deletes at most
 * {@code maxItems} items, in batches of 25; the next sweep continues.
 *
 * <p>BatchWriteItem may leave items unprocessed (throttling, size limits); AWS's advice is to retry them "using
 * exponential backoff" (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html). The
 * sweeper retries them after a wait between half and all of {@link #BACKOFF_BASE_MILLIS}, doubled per attempt, at most
 * {@link #ATTEMPTS} attempts per batch, and counts as deleted only what DynamoDB processed; items still unprocessed
 * stay expired and the next sweep finds them again.
 */
final class TtlSweeper {
    /** Attempts per batch of 25, the first included. */
    static final int ATTEMPTS = 6;
    /** First retry waits up to this long; each later one up to twice the one before. */
    static final long BACKOFF_BASE_MILLIS = 50;

    private final DynamoDbClient dynamo;
    private final Blueprint blueprint;
    private final int maxItems;
    private final java.util.function.LongConsumer sleeper;

    TtlSweeper(DynamoDbClient dynamo, Blueprint blueprint, int maxItems) {
        this(dynamo, blueprint, maxItems, TtlSweeper::sleep);
    }

    /** For tests: {@code sleeper} receives each backoff in milliseconds (and may sleep it). */
    TtlSweeper(DynamoDbClient dynamo, Blueprint blueprint, int maxItems, java.util.function.LongConsumer sleeper) {
        this.dynamo = dynamo;
        this.blueprint = blueprint;
        this.maxItems = maxItems;
        this.sleeper = sleeper;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes every item of the connection table: at startup no connection can be open, so records left by an earlier
     * run on the same data (a killed gateway, {@code --data-dir}) are stale. Returns how many it deleted.
     */
    int purgeConnections() {
        int deleted = 0;
        int n;
        do {
            n = sweepTable(blueprint.dataModel().connections(), Long.MAX_VALUE, maxItems, false);
            deleted += n;
        } while (n > 0);
        return deleted;
    }

    /** Deletes expired items, at most {@code maxItems}; returns how many it deleted. */
    int sweep(long nowEpochSeconds) {
        int deleted = 0;
        for (TableSpec t : blueprint.dataModel().tables()) {
            deleted += sweepTable(t, nowEpochSeconds, maxItems - deleted, true);
            if (deleted >= maxItems) {
                break;
            }
        }
        return deleted;
    }

    private int sweepTable(TableSpec t, long nowEpochSeconds, int limit, boolean expiredOnly) {
        int deleted = 0;
        String table = blueprint.tableName(t);
        String pk = t.partitionKey().name();
        String sk = t.sortKey().name();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).projectionExpression("#p, #s")
                    .exclusiveStartKey(start);
            if (expiredOnly) {
                scan.filterExpression("#t < :now")
                        .expressionAttributeNames(Map.of("#t", t.ttlAttribute(), "#p", pk, "#s", sk))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(nowEpochSeconds))));
            } else {
                scan.expressionAttributeNames(Map.of("#p", pk, "#s", sk));
            }
            ScanResponse page = dynamo.scan(scan.build());
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : page.items()) {
                if (deleted + batch.size() >= limit) {
                    break;
                }
                batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(Map.of(pk, item.get(pk), sk, item.get(sk))).build()).build());
            }
            for (int i = 0; i < batch.size(); i += 25) {
                List<WriteRequest> chunk = batch.subList(i, Math.min(batch.size(), i + 25));
                deleted += chunk.size() - writeWithRetries(table, chunk);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && deleted < limit);
        return deleted;
    }

    /** Writes one batch, retrying unprocessed items with backoff; returns how many stayed unprocessed. */
    private int writeWithRetries(String table, List<WriteRequest> chunk) {
        Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                long cap = BACKOFF_BASE_MILLIS << (attempt - 1);
                sleeper.accept(cap / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(cap / 2 + 1));
            }
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            if (pending == null || pending.isEmpty()) {
                return 0;
            }
        }
        int left = pending.values().stream().mapToInt(List::size).sum();
        System.err.println("switchboard-local: TTL sweep of " + table + ": " + left + " items still unprocessed after "
                + ATTEMPTS + " attempts; the next sweep retries them");
        return left;
    }
}
