package dev.switchboard.lambdas.auth;

/** Reads a secret's string value by ARN (Secrets Manager in AWS, a fake in tests). */
public interface SecretFetcher {
    /**
     * @param secretId the secret's complete ARN (or its name)
     * @throws SecretReadException naming the secret and the cause (never the value) when it cannot be read
     */
    String fetch(String secretId);
}
