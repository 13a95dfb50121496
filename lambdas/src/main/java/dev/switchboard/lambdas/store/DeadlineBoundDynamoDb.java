package dev.switchboard.lambdas.store;

import dev.switchboard.lambdas.api.InvocationDeadline;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The handlers' DynamoDB client with every call's API-call timeout (retries included) cut to what the invocation has
 * left ({@link InvocationDeadline}), for the operations the store uses; the paginators go through {@link #query}.
 * Other operations are not offered (the interface's defaults throw).
 */
public final class DeadlineBoundDynamoDb implements DynamoDbClient {
    private final DynamoDbClient delegate;
    private final Duration cap;

    /** Wraps {@code delegate}, whose own API-call timeout is {@code cap}. */
    public DeadlineBoundDynamoDb(DynamoDbClient delegate, Duration cap) {
        this.delegate = delegate;
        this.cap = cap;
    }

    private AwsRequestOverrideConfiguration bounded(AwsRequestOverrideConfiguration given) {
        AwsRequestOverrideConfiguration.Builder b = given == null ? AwsRequestOverrideConfiguration.builder()
                : given.toBuilder();
        return b.apiCallTimeout(InvocationDeadline.callTimeout(cap, InvocationDeadline.STORE_MARGIN_MILLIS)).build();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        return delegate.getItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        return delegate.putItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        return delegate.deleteItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        return delegate.updateItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public QueryResponse query(QueryRequest r) {
        return delegate.query(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
        return delegate.batchWriteItem(r.toBuilder()
                .overrideConfiguration(bounded(r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
