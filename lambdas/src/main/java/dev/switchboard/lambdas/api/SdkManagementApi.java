package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.Member;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link ManagementApi} over the SDK's sync client and one shared URL-connection HTTP client. One client per callback
 * URL (one per region's API), built on first use and kept, or at construction for the one given there. SDK retries
 * are off: the {@link Broadcaster} retries throttling itself, with backoff, and never retries a 410. Timeout: 3 s a
 * call, which with one attempt is the attempt's too. Only the call timeout is set: each timeout the SDK enforces is a
 * task scheduled and cancelled on its timer thread per call, and an attempt timeout equal to the call's would double
 * that work without bounding anything more (issue 29: the timer thread was a tenth of a send's CPU).
 */
public final class SdkManagementApi implements ManagementApi {
    /** A post's longest time (one attempt: 429s are retried by {@link Broadcaster#post}), or less near the deadline. */
    static final Duration POST_TIMEOUT = Duration.ofSeconds(3);
    private final SdkHttpClient http;
    private final Map<Endpoint, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();
    private final java.util.function.Function<String, AwsCredentialsProvider> credentials;
    private final String defaultRegion;

    /**
     * @param http          shared HTTP client
     * @param credentials   credentials for a callback URL (dummy ones for a local {@code http://} endpoint)
     * @param defaultRegion the region to sign for when a record has none
     * @param localCallback this region's callback URL to build at once, or null
     */
    public SdkManagementApi(SdkHttpClient http, java.util.function.Function<String, AwsCredentialsProvider> credentials,
                            String defaultRegion, String localCallback) {
        this.http = http;
        this.credentials = credentials;
        this.defaultRegion = defaultRegion;
        if (localCallback != null && defaultRegion != null) {
            client(localCallback, defaultRegion);
        }
    }

    @Override
    public Outcome post(Member recipient, byte[] frame) {
        try {
            Duration timeout = InvocationDeadline.callTimeout(POST_TIMEOUT, InvocationDeadline.POST_MARGIN_MILLIS);
            // the frame is shared by every post of a fan-out and never changed: no copy per post; the client's own
            // timeout is POST_TIMEOUT, so a post without a deadline (the fan-out's threads) needs no override
            client(recipient.callbackUrl(), recipient.region() != null ? recipient.region() : defaultRegion)
                    .postToConnection(r -> {
                        r.connectionId(recipient.connectionId()).data(SdkBytes.fromByteArrayUnsafe(frame));
                        if (timeout != POST_TIMEOUT) {
                            r.overrideConfiguration(o -> o.apiCallTimeout(timeout));
                        }
                    });
            return Outcome.DELIVERED;
        } catch (GoneException e) {
            return Outcome.GONE;
        } catch (ApiGatewayManagementApiException e) {
            return switch (e.statusCode()) {
                case 410 -> Outcome.GONE;
                case 429 -> Outcome.THROTTLED;
                default -> Outcome.FAILED;
            };
        } catch (SdkException e) {
            return Outcome.FAILED;
        }
    }

    @Override
    public Liveness liveness(Member connection) {
        try {
            client(connection.callbackUrl(), connection.region() != null ? connection.region() : defaultRegion)
                    .getConnection(r -> r.connectionId(connection.connectionId())
                            .overrideConfiguration(o -> o.apiCallTimeout(InvocationDeadline.callTimeout(
                                    POST_TIMEOUT, InvocationDeadline.POST_MARGIN_MILLIS))));
            return Liveness.OPEN;
        } catch (GoneException e) {
            return Liveness.GONE;
        } catch (ApiGatewayManagementApiException e) {
            return e.statusCode() == 410 ? Liveness.GONE : Liveness.UNKNOWN;
        } catch (SdkException e) {
            return Liveness.UNKNOWN;
        }
    }

    private record Endpoint(String callbackUrl, String region) {
    }

    private ApiGatewayManagementApiClient client(String callbackUrl, String region) {
        return clients.computeIfAbsent(new Endpoint(callbackUrl, region), k -> ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(callbackUrl))
                .region(Region.of(region))
                .credentialsProvider(credentials.apply(callbackUrl))
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(POST_TIMEOUT))
                .build());
    }
}
