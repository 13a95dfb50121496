package dev.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The proxy's faults are what the AWS SDK for Java v2 sees from DynamoDB itself: the SDK, not our reading, decides
 * which exception each answer becomes (the error shapes of
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html), with real dynalite behind
 * the proxy and the SDK's own URL-connection client routed through it by the JVM's proxy selector.
 */
class FaultProxyTest {
    private static DynaliteProcess dynalite;
    private static FaultProxy proxy;
    private static DynamoDbClient once;
    private static DynamoDbClient direct;

    @BeforeAll
    static void start() {
        dynalite = DynaliteProcess.start();
        proxy = FaultProxy.start();
        proxy.targets(dynalite.endpoint(), null);
        FaultRouting.route(proxy);
        // one attempt, 1 s: every fault reaches the caller as the SDK maps it
        once = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(LocalClients.REGION)
                .credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())
                        .apiCallAttemptTimeout(Duration.ofSeconds(1)))
                .build();
        direct = LocalClients.dynamoDb(dynalite.endpoint());
        direct.createTable(b -> b.tableName("faults").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    }

    @AfterAll
    static void stop() {
        FaultRouting.clear();
        once.close();
        direct.close();
        proxy.close();
        dynalite.close();
    }

    @AfterEach
    void heal() {
        proxy.plan(FaultPlan.none());
    }

    private static void put(DynamoDbClient c, String key) {
        c.putItem(b -> b.tableName("faults").item(Map.of("pk", AttributeValue.fromS(key))));
    }

    private static boolean exists(String key) {
        proxy.plan(FaultPlan.none());
        return direct.getItem(b -> b.tableName("faults").key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true))
                .hasItem();
    }

    @Test
    void withoutFaults_requestsPassThroughTheProxy() {
        long before = proxy.requests(FaultKind.Target.DYNAMODB);
        put(once, "plain");
        assertThat(proxy.requests(FaultKind.Target.DYNAMODB)).isEqualTo(before + 1);
        assertThat(exists("plain")).isTrue();
    }

    @Test
    void throughputExceeded_isTheSdksOwnException_andNothingIsWritten() {
        proxy.plan(FaultPlan.of(1, Set.of(FaultKind.DYNAMODB_THROUGHPUT), 7));
        assertThatThrownBy(() -> put(once, "pte")).isInstanceOf(ProvisionedThroughputExceededException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).isThrottlingException()).isTrue());
        assertThat(exists("pte")).isFalse();
    }

    @Test
    void throttling_isAThrottlingErrorToTheSdk() {
        proxy.plan(FaultPlan.of(1, Set.of(FaultKind.DYNAMODB_THROTTLING), 7));
        assertThatThrownBy(() -> put(once, "throttled")).isInstanceOf(DynamoDbException.class)
                .satisfies(e -> {
                    DynamoDbException d = (DynamoDbException) e;
                    assertThat(d.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(d.isThrottlingException()).isTrue();
                });
    }

    @Test
    void internalServerError_isTheSdksOwnException() {
        proxy.plan(FaultPlan.of(1, Set.of(FaultKind.DYNAMODB_INTERNAL), 7));
        assertThatThrownBy(() -> put(once, "ise")).isInstanceOf(InternalServerErrorException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).statusCode()).isEqualTo(500));
    }

    @Test
    void slowAnswer_timesTheAttemptOut_butTheWriteWasApplied() {
        proxy.plan(new FaultPlan(1, Set.of(FaultKind.DYNAMODB_SLOW), 7, Duration.ofMillis(1500)));
        assertThatThrownBy(() -> put(once, "slow")).isInstanceOf(ApiCallAttemptTimeoutException.class);
        assertThat(exists("slow")).isTrue();
    }

    @Test
    void aShareOfRequests_getsFaults_drawnFromTheSeed() {
        // GIVEN a 20 % plan
        proxy.plan(FaultPlan.of(0.2, Set.of(FaultKind.DYNAMODB_INTERNAL), 42));
        long before = proxy.injected(FaultKind.DYNAMODB_INTERNAL);
        int failed = 0;
        // WHEN 200 single-attempt writes go through it
        for (int i = 0; i < 200; i++) {
            try {
                put(once, "share-" + i);
            } catch (InternalServerErrorException e) {
                failed++;
            }
        }
        // THEN what failed is what the proxy counts, near a fifth
        assertThat(proxy.injected(FaultKind.DYNAMODB_INTERNAL) - before).isEqualTo(failed);
        assertThat(failed).isBetween(20, 60);
    }
}
