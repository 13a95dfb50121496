package dev.switchboard.blueprint;

/**
 * Environment variable names that renderers set on every function and handlers read once, in their no-argument
 * constructor. The local API passes the same names as a map to the handlers' map constructor.
 */
public final class EnvVars {
    /** Physical name of the connection table. */
    public static final String TABLE_NAME = "TABLE_NAME";
    /** This region's {@code @connections} endpoint, {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}. */
    public static final String CALLBACK_URL = "CALLBACK_URL";
    /** Override of the DynamoDB endpoint (local API and tests only). */
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    /** Secrets Manager ARN of the HS256 secret (AWS). */
    public static final String JWT_SECRET_ARN = "JWT_SECRET_ARN";
    /** The HS256 secret itself (local API and tests only; never in a template). */
    public static final String JWT_SECRET = "JWT_SECRET";
    /** JWKS URL for RS256/ES256 tokens (optional). */
    public static final String JWT_JWKS_URL = "JWT_JWKS_URL";
    /** Required {@code iss} claim. */
    public static final String JWT_ISSUER = "JWT_ISSUER";
    /** Required {@code aud} claim. */
    public static final String JWT_AUDIENCE = "JWT_AUDIENCE";
    /** Name of the secret origin header that CloudFront adds (optional; when set, the authorizer requires it). */
    public static final String ORIGIN_HEADER_NAME = "ORIGIN_HEADER_NAME";
    /** Secrets Manager ARN of the origin header value (AWS). */
    public static final String ORIGIN_SECRET_ARN = "ORIGIN_SECRET_ARN";
    /** The origin header value itself (local API and tests only). */
    public static final String ORIGIN_SECRET = "ORIGIN_SECRET";
    public static final String MAX_DATA_BYTES = "MAX_DATA_BYTES";
    public static final String RATE_PER_SECOND = "RATE_PER_SECOND";
    public static final String RATE_BURST = "RATE_BURST";
    public static final String PRESENCE_MAX_MEMBERS = "PRESENCE_MAX_MEMBERS";
    public static final String BROADCAST_CONCURRENCY = "BROADCAST_CONCURRENCY";
    public static final String CONNECTION_TTL_SECONDS = "CONNECTION_TTL_SECONDS";
    /** Largest JWT the authorizer accepts, in bytes (blueprint {@code limits.maxTokenBytes}). */
    public static final String MAX_TOKEN_BYTES = "MAX_TOKEN_BYTES";
    /** Users listed in one {@code joined} or {@code members} reply. */
    public static final String MEMBERS_PAGE_SIZE = "MEMBERS_PAGE_SIZE";
    /** Open connections one user may hold ({@code limits.maxConnectionsPerUser}); checked on {@code $connect}. */
    public static final String MAX_CONNECTIONS_PER_USER = "MAX_CONNECTIONS_PER_USER";
    /** Longest time, in seconds, that the authorizer uses a cached secret before it re-reads it. */
    public static final String SECRET_MAX_AGE_SECONDS = "SECRET_MAX_AGE_SECONDS";
    /** Recipients above which a send is fanned out through the shard queue. */
    public static final String FANOUT_SHARD_THRESHOLD = "FANOUT_SHARD_THRESHOLD";
    /** Recipients per shard on the fan-out queue. */
    public static final String FANOUT_SHARD_SIZE = "FANOUT_SHARD_SIZE";
    /** The fan-out queue's URL, set for the {@code send} function (renderers; unset: every room fans out inline). */
    public static final String FANOUT_QUEUE_URL = "FANOUT_QUEUE_URL";
    /** The region that owns this function's connections (Lambda sets AWS_REGION; the local API sets this). */
    public static final String REGION = "SWITCHBOARD_REGION";
    /** Name of the POWERTOOLS-style service in logs and metrics. */
    public static final String SERVICE_NAME = "SERVICE_NAME";

    private EnvVars() {
    }
}
