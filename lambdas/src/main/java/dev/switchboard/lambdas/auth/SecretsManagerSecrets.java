package dev.switchboard.lambdas.auth;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link SecretFetcher} over Secrets Manager. The client is built on the first fetch (so a configuration without any
 * ARN builds none) with {@link UrlConnectionHttpClient}, explicit timeouts and the given region; {@link #close()}
 * releases it once init is done.
 */
public final class SecretsManagerSecrets implements SecretFetcher, AutoCloseable {
    /** TCP connect timeout, socket read timeout and total time for one GetSecretValue (with retries). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(6);

    private final Supplier<SecretsManagerClient> factory;
    private SecretsManagerClient client;

    SecretsManagerSecrets(Supplier<SecretsManagerClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * @param region the {@code AWS_REGION}; checked on first use, so that configurations without ARNs need none
     */
    public static SecretsManagerSecrets forRegion(String region) {
        return new SecretsManagerSecrets(() -> {
            if (region == null || region.isBlank()) {
                throw new IllegalStateException("AWS_REGION is not set: Secrets Manager needs a region "
                        + "(Lambda sets it; locally, set JWT_SECRET/ORIGIN_SECRET instead of the *_ARN variables)");
            }
            return SecretsManagerClient.builder()
                    .region(Region.of(region))
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(CONNECT_TIMEOUT)
                            .socketTimeout(SOCKET_TIMEOUT)
                            .build())
                    .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT))
                    .build();
        });
    }

    @Override
    public synchronized String fetch(String arn) {
        if (client == null) {
            client = factory.get();
        }
        String value;
        try {
            value = client.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read secret " + arn + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the ARN and the function's secretsmanager:GetSecretValue permission", e);
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("secret " + arn + " has no SecretString; store the value as a string");
        }
        return value;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
