package dev.switchboard.lambdas.auth;

/** Reads a secret's string value by ARN (Secrets Manager in AWS). Called at init only. */
public interface SecretFetcher {
    /**
     * @throws IllegalStateException with a message naming the ARN (never the value) when the secret cannot be read
     */
    String fetch(String arn);
}
