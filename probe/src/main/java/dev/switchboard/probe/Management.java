package dev.switchboard.probe;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * The real AWS SDK v2 client of a target's {@code @connections} API: SigV4 with the default credentials chain on
 * AWS (the CI's probe role), dummy static credentials for a loopback URL (the local API checks no signature).
 */
final class Management {
    private Management() {
    }

    static ApiGatewayManagementApiClient client(Target t) {
        AwsCredentialsProvider creds = t.loopbackManagement()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe"))
                : DefaultCredentialsProvider.builder().build();
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(t.managementUrl())
                .region(Region.of(t.region()))
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
