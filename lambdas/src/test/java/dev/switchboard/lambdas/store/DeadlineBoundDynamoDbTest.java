package dev.switchboard.lambdas.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.lambdas.api.InvocationDeadline;
import dev.switchboard.lambdas.api.InvocationDeadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Every store call's API-call timeout is what the invocation has left, less the margin, at most the client's. */
class DeadlineBoundDynamoDbTest {
    /** A fake of the SDK interface that records the requests it gets (unit test of our wrapper only). */
    private static final class Recording implements DynamoDbClient {
        final List<AwsRequestOverrideConfiguration> seen = new ArrayList<>();

        @Override
        public GetItemResponse getItem(GetItemRequest r) {
            seen.add(r.overrideConfiguration().orElseThrow());
            return GetItemResponse.builder().build();
        }

        @Override
        public QueryResponse query(QueryRequest r) {
            seen.add(r.overrideConfiguration().orElseThrow());
            return QueryResponse.builder().items(List.of()).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final Recording sdk = new Recording();
    private final DynamoDbClient bounded = new DeadlineBoundDynamoDb(sdk, Duration.ofSeconds(8));

    @AfterEach
    void clear() {
        InvocationDeadlines.clearForTests();
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS("CONN#a"), "sk", AttributeValue.fromS("META"));
    }

    @Test
    void withoutADeadline_theClientsOwnTimeoutApplies() {
        bounded.getItem(b -> b.tableName("t").key(key()));
        assertThat(sdk.seen.get(0).apiCallTimeout()).contains(Duration.ofSeconds(8));
    }

    @Test
    void nearTheDeadline_aCallMayTakeOnlyWhatIsLeftLessTheMargin() {
        // GIVEN an invocation with 3 s left
        InvocationDeadlines.setForTests(System.currentTimeMillis() + 3_000);
        // WHEN the store reads, and pages a query
        bounded.getItem(b -> b.tableName("t").key(key()));
        bounded.queryPaginator(b -> b.tableName("t").keyConditionExpression("pk = :p")).items().forEach(i -> { });
        // THEN each call gets at most 3 s minus the 1 s margin, not the client's 8 s
        assertThat(sdk.seen).hasSize(2).allSatisfy(c -> assertThat(c.apiCallTimeout().orElseThrow())
                .isLessThanOrEqualTo(Duration.ofMillis(3_000 - InvocationDeadline.STORE_MARGIN_MILLIS))
                .isGreaterThan(Duration.ofMillis(1_500)));
    }

    @Test
    void pastTheMargin_aCallGetsOneMillisecond_soItFailsAtOnce() {
        InvocationDeadlines.setForTests(System.currentTimeMillis() + 500);
        bounded.getItem(b -> b.tableName("t").key(key()));
        assertThat(sdk.seen.get(0).apiCallTimeout()).contains(Duration.ofMillis(1));
    }
}
