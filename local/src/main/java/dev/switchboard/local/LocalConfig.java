package dev.switchboard.local;

import dev.switchboard.devkit.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the local gateway runs: ports, stage, JWT settings, persistence and timers. The blueprint says what runs
 * (routes, handlers, limits); this record says where. Read once by {@link Main} from the command line.
 *
 * <p>Defaults ({@link #defaults()}): port 0 (a free port), a dynalite child on a free port with its data in memory,
 * stage {@code dev}, the dev JWT secret, issuer and audience of {@link DevTokens}, idle timeout and maximum duration
 * from the blueprint's limits (10 min, 2 h), a TTL sweep every 60 s deleting at most 1,000 items per sweep, 64
 * invocation threads, api id {@code localapi01}.
 *
 * @param port              HTTP/WebSocket port on 127.0.0.1; 0 picks a free one
 * @param dynamoDbPort      port of the dynalite child; 0 picks a free one
 * @param dynamoDbEndpoint  an already running DynamoDB-compatible endpoint to use instead of starting dynalite, or null
 * @param dataDir           dynalite's LevelDB directory (persistence across restarts), or null for memory
 * @param stage             stage name, the first path segment ({@code ws://127.0.0.1:PORT/STAGE})
 * @param jwtSecret         HS256 secret the authorizer checks tokens with
 * @param jwtIssuer         required {@code iss}
 * @param jwtAudience       required {@code aud}
 * @param idleTimeout       idle close (1001 "Going away"), or null for the blueprint's
 * @param maxDuration       maximum connection duration (1001 "Going away"), or null for the blueprint's
 * @param ttlSweepInterval  how often the TTL sweeper runs
 * @param ttlSweepMaxItems  most items one sweep deletes
 * @param invocationThreads threads that invoke handlers (each connection's messages run in order)
 * @param apiId             the 10-character API id in events and the methodArn
 * @param projectRoot       the repository root (node_modules with dynalite); null finds it from the working directory
 */
public record LocalConfig(int port, int dynamoDbPort, String dynamoDbEndpoint, Path dataDir, String stage,
                          String jwtSecret, String jwtIssuer, String jwtAudience, Duration idleTimeout,
                          Duration maxDuration, Duration ttlSweepInterval, int ttlSweepMaxItems,
                          int invocationThreads, String apiId, Path projectRoot) {

    public LocalConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 (any free port) or 1-65535, got " + port);
        }
        if (dynamoDbPort < 0 || dynamoDbPort > 65535) {
            throw new IllegalArgumentException("--dynamodb-port must be 0 (any free port) or 1-65535, got " + dynamoDbPort);
        }
        Objects.requireNonNull(stage, "stage");
        if (!stage.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("--stage '" + stage + "' is not a valid stage name: use letters, digits,"
                    + " '-' and '_' (API Gateway's rule), e.g. dev");
        }
        if (jwtSecret == null || jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < DevTokens.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("--jwt-secret must have at least " + DevTokens.MIN_SECRET_BYTES
                    + " bytes (HS256), e.g. the output of 'openssl rand -base64 48'");
        }
        positive("--idle-timeout", idleTimeout);
        positive("--max-duration", maxDuration);
        Objects.requireNonNull(ttlSweepInterval, "ttlSweepInterval");
        if (ttlSweepInterval.isNegative() || ttlSweepInterval.isZero()) {
            throw new IllegalArgumentException("ttlSweepInterval must be positive");
        }
        if (ttlSweepMaxItems < 1 || invocationThreads < 1) {
            throw new IllegalArgumentException("ttlSweepMaxItems and invocationThreads must be positive");
        }
        if (apiId == null || !apiId.matches("[a-z0-9]{10}")) {
            throw new IllegalArgumentException("apiId must be 10 lower-case letters or digits, got " + apiId);
        }
    }

    private static void positive(String flag, Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException(flag + " must be positive, got " + d);
        }
    }

    /** Every default; see the class Javadoc. */
    public static LocalConfig defaults() {
        return new LocalConfig(0, 0, null, null, "dev", DevTokens.DEV_SECRET, DevTokens.DEFAULT_ISSUER,
                DevTokens.DEFAULT_AUDIENCE, null, null, Duration.ofSeconds(60), 1000, 64, "localapi01", null);
    }

    public LocalConfig withPort(int p) {
        return new LocalConfig(p, dynamoDbPort, dynamoDbEndpoint, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withDynamoDbPort(int p) {
        return new LocalConfig(port, p, dynamoDbEndpoint, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withDynamoDbEndpoint(String e) {
        return new LocalConfig(port, dynamoDbPort, e, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withDataDir(Path d) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, d, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withStage(String s) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, dataDir, s, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withJwtSecret(String s) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, dataDir, stage, s, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withTimeouts(Duration idle, Duration max) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idle, max, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withTtlSweep(Duration interval, int maxItems) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, interval, maxItems, invocationThreads, apiId, projectRoot);
    }

    public LocalConfig withInvocationThreads(int n) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, n, apiId, projectRoot);
    }

    public LocalConfig withProjectRoot(Path root) {
        return new LocalConfig(port, dynamoDbPort, dynamoDbEndpoint, dataDir, stage, jwtSecret, jwtIssuer, jwtAudience,
                idleTimeout, maxDuration, ttlSweepInterval, ttlSweepMaxItems, invocationThreads, apiId, root);
    }

    /** Parses {@code 90s}, {@code 10m}, {@code 2h}, {@code 1500ms} or an ISO-8601 duration ({@code PT10M}). */
    public static Duration parseDuration(String flag, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: break;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " '" + text + "' is not a duration: write e.g. 90s, 10m, 2h or 1500ms");
    }
}
