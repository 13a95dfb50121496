package dev.switchboard.lambdas.auth;

import java.time.Duration;

/**
 * Reads one version of a secret's string value, by staging label (Secrets Manager in AWS, a fake in tests).
 *
 * <p>Secrets Manager moves {@value #CURRENT} to a new version when a value is put, and {@value #PREVIOUS} to the
 * version that was current; GetSecretValue reads a version by its label (VersionStage,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 */
public interface SecretFetcher {
    /** The label of the version in force. */
    String CURRENT = "AWSCURRENT";
    /** The label of the version that was in force before the last change. */
    String PREVIOUS = "AWSPREVIOUS";
    /** The error code of a secret, or a staging label, that does not exist. */
    String NOT_FOUND = "ResourceNotFoundException";

    /**
     * @param secretId     the secret's complete ARN (or its name)
     * @param versionStage {@link #CURRENT} or {@link #PREVIOUS}
     * @param timeout      the longest the call may take, retries included (it runs on a handshake's path)
     * @throws SecretReadException naming the secret and the cause (never the value) when it cannot be read; its
     *                             {@link SecretReadException#errorCode()} is {@link #NOT_FOUND} when no version has
     *                             the label
     */
    String fetch(String secretId, String versionStage, Duration timeout);
}
