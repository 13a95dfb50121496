package dev.switchboard.lambdas.store;

import dev.switchboard.lambdas.api.InvocationDeadline;
import java.time.Duration;
import java.util.function.Consumer;
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
 * Other operations are not offered (the interface's defaults throw). A request given as a builder function is built
 * with its timeout at once; a built one is copied with it.
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
    public GetItemResponse getItem(Consumer<GetItemRequest.Builder> c) {
        GetItemRequest.Builder b = GetItemRequest.builder().applyMutation(c);
        return delegate.getItem(b.overrideConfiguration(bounded(b.overrideConfiguration())).build());
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        return delegate.putItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public PutItemResponse putItem(Consumer<PutItemRequest.Builder> c) {
        PutItemRequest.Builder b = PutItemRequest.builder().applyMutation(c);
        return delegate.putItem(b.overrideConfiguration(bounded(b.overrideConfiguration())).build());
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest r) {
        return delegate.deleteItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public DeleteItemResponse deleteItem(Consumer<DeleteItemRequest.Builder> c) {
        DeleteItemRequest.Builder b = DeleteItemRequest.builder().applyMutation(c);
        return delegate.deleteItem(b.overrideConfiguration(bounded(b.overrideConfiguration())).build());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        return delegate.updateItem(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public UpdateItemResponse updateItem(Consumer<UpdateItemRequest.Builder> c) {
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().applyMutation(c);
        return delegate.updateItem(b.overrideConfiguration(bounded(b.overrideConfiguration())).build());
    }

    @Override
    public QueryResponse query(QueryRequest r) {
        return delegate.query(r.toBuilder().overrideConfiguration(bounded(r.overrideConfiguration().orElse(null)))
                .build());
    }

    @Override
    public QueryResponse query(Consumer<QueryRequest.Builder> c) {
        QueryRequest.Builder b = QueryRequest.builder().applyMutation(c);
        return delegate.query(b.overrideConfiguration(bounded(b.overrideConfiguration())).build());
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
        return delegate.batchWriteItem(r.toBuilder()
                .overrideConfiguration(bounded(r.overrideConfiguration().orElse(null))).build());
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(Consumer<BatchWriteItemRequest.Builder> c) {
        BatchWriteItemRequest.Builder b = BatchWriteItemRequest.builder().applyMutation(c);
        return delegate.batchWriteItem(b.overrideConfiguration(bounded(b.overrideConfiguration())).build());
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
