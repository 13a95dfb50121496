package dev.switchboard.bench.data;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Asks every Query and Scan for {@code ReturnConsumedCapacity=TOTAL} and adds up the read units the server reports,
 * so that unchanged code (the shipped {@code ConnectionRepository}) can be measured.
 */
public final class ConsumedCapacity implements ExecutionInterceptor {
    private final DoubleAdder units = new DoubleAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder missing = new LongAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (r instanceof ScanRequest s) {
            return s.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity c = null;
        if (context.response() instanceof QueryResponse q) {
            c = q.consumedCapacity();
        } else if (context.response() instanceof ScanResponse s) {
            c = s.consumedCapacity();
        } else {
            return;
        }
        requests.increment();
        if (c == null || c.capacityUnits() == null) {
            missing.increment();
        } else {
            units.add(c.capacityUnits());
        }
    }

    /** Read units since the last {@link #reset()}. */
    public double units() {
        return units.sum();
    }

    /** Query and Scan pages since the last reset. */
    public long requests() {
        return requests.sum();
    }

    /** Responses that reported no consumed capacity (none is expected). */
    public long missing() {
        return missing.sum();
    }

    public void reset() {
        units.reset();
        requests.reset();
        missing.reset();
    }
}
