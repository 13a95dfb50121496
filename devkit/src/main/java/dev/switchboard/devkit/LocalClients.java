package dev.switchboard.devkit;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK clients for local endpoints (dynalite, the local management API): static dummy credentials, so no AWS account
 * or profile is needed; the URL-connection HTTP client with 2 s connect and 10 s socket timeouts; region
 * {@link #REGION} unless given.
 */
public final class LocalClients {
    /** The region local clients sign for when none is given. */
    public static final Region REGION = Region.US_EAST_1;
    /** The dummy credentials local clients sign with. */
    public static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private LocalClients() {
    }

    /** A DynamoDB client for {@code endpoint}, in {@link #REGION}. The caller closes it. */
    public static DynamoDbClient dynamoDb(URI endpoint) {
        return dynamoDb(endpoint, REGION);
    }

    /** A DynamoDB client for {@code endpoint}, signing for {@code region}. The caller closes it. */
    public static DynamoDbClient dynamoDb(URI endpoint, Region region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .build();
    }
}
