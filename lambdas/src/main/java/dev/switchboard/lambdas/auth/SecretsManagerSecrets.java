package dev.switchboard.lambdas.auth;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link SecretFetcher} over Secrets Manager. The client is built on the first fetch (so a configuration without any
 * ARN builds none, and init never opens a connection) with {@link UrlConnectionHttpClient}, explicit timeouts and the
 * given region; it lives as long as the authorizer, which re-reads its secrets. {@code SecretId} is passed as given:
 * the renderers pass complete ARNs (a partial ARN of a name that ends in a hyphen and six characters is taken as a
 * complete one, see the SecretId parameter of
 * <a href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html">GetSecretValue</a>).
 */
public final class SecretsManagerSecrets implements SecretFetcher, AutoCloseable {
    /** TCP connect and socket read timeouts; the total time of one call (with retries) is the caller's budget. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

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
                    .build();
        });
    }

    @Override
    public synchronized String fetch(String arn, String versionStage, Duration timeout) {
        if (client == null) {
            client = factory.get();
        }
        String value;
        try {
            value = client.getSecretValue(r -> r.secretId(arn).versionStage(versionStage)
                    .overrideConfiguration(c -> c.apiCallTimeout(timeout))).secretString();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                    ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
            throw new SecretReadException(arn, code, serviceMessage(e) + "; check that the function's variable holds"
                    + " the secret's complete ARN and that its role may secretsmanager:GetSecretValue it", e);
        } catch (SdkException e) {
            throw new SecretReadException(arn, e.getClass().getSimpleName(), e.getMessage(), e);
        }
        if (value == null || value.isEmpty()) {
            throw new SecretReadException(arn, "NoSecretString", "the secret has no SecretString; store the value"
                    + " as a string", null);
        }
        return value;
    }

    private static String serviceMessage(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
