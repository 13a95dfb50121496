package dev.switchboard.lambdas.fanout;

import dev.switchboard.blueprint.ConnectionSchema;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * A real DynamoDB client (dynalite) for a {@link FanoutStore} whose first {@code failures} progress writes fail as a
 * throttled table does once the SDK's retries are spent (HTTP 400 with the error code
 * {@code ProvisionedThroughputExceededException}, which the SDK counts as throttling:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html); reads and other writes go
 * through.
 */
final class FlakyProgressWrites implements DynamoDbClient {
    private final DynamoDbClient dynamo;
    private final AtomicInteger failures;
    final AtomicInteger failed = new AtomicInteger();

    FlakyProgressWrites(DynamoDbClient dynamo, int failures) {
        this.dynamo = dynamo;
        this.failures = new AtomicInteger(failures);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return dynamo.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        boolean progress = request.item().get(ConnectionSchema.SK).s().startsWith(FanoutStore.SHARD_PREFIX);
        if (progress && failures.getAndDecrement() > 0) {
            failed.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("The level of configured provisioned throughput for the table was exceeded.")
                            .build())
                    .build();
        }
        return dynamo.putItem(request);
    }

    @Override
    public String serviceName() {
        return dynamo.serviceName();
    }

    @Override
    public void close() {
    }
}
