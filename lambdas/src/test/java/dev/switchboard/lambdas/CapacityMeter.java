package dev.switchboard.lambdas;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * An SDK interceptor that asks every item call for {@code ReturnConsumedCapacity=INDEXES} and adds up the read and
 * write units the server reports (table and indexes), and the items a read returned, so that the repository can be
 * measured unchanged. A failed conditional write reports no capacity in its error; it is counted in
 * {@link #failedWrites()} (DynamoDB bills it one unit per started KB of the item).
 */
final class CapacityMeter implements ExecutionInterceptor {
    private final DoubleAdder reads = new DoubleAdder();
    private final DoubleAdder writes = new DoubleAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();
    private final LongAdder missing = new LongAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity all = ReturnConsumedCapacity.INDEXES;
        if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(all).build();
        }
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(all).build();
        }
        if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(all).build();
        }
        if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(all).build();
        }
        if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(all).build();
        }
        if (r instanceof BatchWriteItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(all).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Object r = context.response();
        calls.increment();
        if (r instanceof QueryResponse q) {
            add(reads, q.consumedCapacity());
            items.add(q.count());
        } else if (r instanceof GetItemResponse g) {
            add(reads, g.consumedCapacity());
            items.add(g.hasItem() && !g.item().isEmpty() ? 1 : 0);
        } else if (r instanceof PutItemResponse p) {
            add(writes, p.consumedCapacity());
        } else if (r instanceof UpdateItemResponse u) {
            add(writes, u.consumedCapacity());
        } else if (r instanceof DeleteItemResponse d) {
            add(writes, d.consumedCapacity());
        } else if (r instanceof BatchWriteItemResponse b) {
            if (b.consumedCapacity().isEmpty()) {
                missing.increment();
            }
            b.consumedCapacity().forEach(c -> add(writes, c));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateItemRequest || context.request() instanceof PutItemRequest
                || context.request() instanceof DeleteItemRequest || context.request() instanceof BatchWriteItemRequest) {
            failedWrites.increment();
        }
    }

    private void add(DoubleAdder sum, ConsumedCapacity c) {
        if (c == null || c.capacityUnits() == null) {
            missing.increment();
        } else {
            sum.add(c.capacityUnits());
        }
    }

    double reads() {
        return reads.sum();
    }

    double writes() {
        return writes.sum();
    }

    long items() {
        return items.sum();
    }

    long calls() {
        return calls.sum();
    }

    long failedWrites() {
        return failedWrites.sum();
    }

    long missing() {
        return missing.sum();
    }

    void reset() {
        reads.reset();
        writes.reset();
        items.reset();
        calls.reset();
        failedWrites.reset();
        missing.reset();
    }
}
