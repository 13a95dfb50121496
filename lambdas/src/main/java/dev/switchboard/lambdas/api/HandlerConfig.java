package dev.switchboard.lambdas.api;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Limits;
import java.net.URI;
import java.util.Map;

/**
 * The handlers' settings, read once from the environment variables named in {@link EnvVars}.
 *
 * <p>Defaults: limits from {@link Limits#defaults()} (16 KB data, 10 messages/s with a burst of 20, presence in rooms
 * of at most 100 members, member pages of 100 users, 64 posts in flight, records kept 3 h, 10 connections per user); service name {@code switchboard}; region from
 * {@code SWITCHBOARD_REGION}, else {@code AWS_REGION}, else {@code us-east-1} when {@code DYNAMODB_ENDPOINT} points at a
 * local server; no priming. {@code TABLE_NAME} and {@code CALLBACK_URL} may be absent for functions that need no table or
 * management API (ping, $default); a handler that needs them fails with a message naming the variable.
 */
public record HandlerConfig(String tableName, String callbackUrl, String region, URI dynamoDbEndpoint,
                            int maxDataBytes, int ratePerSecond, int rateBurst, int presenceMaxMembers,
                            int membersPageSize, int broadcastConcurrency, long connectionTtlSeconds, String serviceName, boolean prime,
                            int maxConnectionsPerUser) {
    /**
     * {@code true} runs the priming hook at init (see {@link RouteHandler}): worth it under SnapStart, where init
     * happens before the snapshot. Not in {@code EnvVars} yet; default false.
     */
    public static final String PRIME = "SWITCHBOARD_PRIME";
    /** The region used when none is set and DynamoDB is local. */
    public static final String LOCAL_REGION = "us-east-1";

    /** Reads the settings from {@code env}; throws {@link IllegalArgumentException} naming a malformed variable. */
    public static HandlerConfig fromEnv(Map<String, String> env) {
        Limits d = Limits.defaults();
        String endpoint = blankToNull(env.get(EnvVars.DYNAMODB_ENDPOINT));
        URI dynamo = null;
        if (endpoint != null) {
            try {
                dynamo = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EnvVars.DYNAMODB_ENDPOINT + " is not a URL: '" + endpoint + "'", e);
            }
        }
        String region = blankToNull(env.get(EnvVars.REGION));
        if (region == null) {
            region = blankToNull(env.get("AWS_REGION"));
        }
        if (region == null && dynamo != null) {
            region = LOCAL_REGION;
        }
        String callback = blankToNull(env.get(EnvVars.CALLBACK_URL));
        if (callback != null) {
            if (!callback.startsWith("https://") && !callback.startsWith("http://")) {
                throw new IllegalArgumentException(EnvVars.CALLBACK_URL + " must be an http(s) URL such as"
                        + " https://{api}.execute-api.{region}.amazonaws.com/{stage}, got '" + callback + "'");
            }
            callback = callback.endsWith("/") ? callback.substring(0, callback.length() - 1) : callback;
        }
        return new HandlerConfig(blankToNull(env.get(EnvVars.TABLE_NAME)), callback, region, dynamo,
                positive(env, EnvVars.MAX_DATA_BYTES, d.maxDataBytes()),
                positive(env, EnvVars.RATE_PER_SECOND, d.messageRatePerSecond()),
                positive(env, EnvVars.RATE_BURST, d.messageBurst()),
                positive(env, EnvVars.PRESENCE_MAX_MEMBERS, d.presenceMaxMembers()),
                positive(env, EnvVars.MEMBERS_PAGE_SIZE, d.membersPageSize()),
                positive(env, EnvVars.BROADCAST_CONCURRENCY, d.broadcastConcurrency()),
                positive(env, EnvVars.CONNECTION_TTL_SECONDS, d.connectionTtl().toSeconds()),
                env.getOrDefault(EnvVars.SERVICE_NAME, "switchboard"),
                Boolean.parseBoolean(env.getOrDefault(PRIME, "false").trim()),
                positive(env, EnvVars.MAX_CONNECTIONS_PER_USER, d.maxConnectionsPerUser()));
    }

    /** The table name, or an error naming the missing variable. */
    public String requireTableName() {
        if (tableName == null) {
            throw new IllegalStateException(EnvVars.TABLE_NAME + " is not set: give this function access to the"
                    + " connection table in the blueprint (FunctionSpec.withTableAccess)");
        }
        return tableName;
    }

    /** The region, or an error naming the variables that set it. */
    public String requireRegion() {
        if (region == null) {
            throw new IllegalStateException("no region: set AWS_REGION (Lambda does) or " + EnvVars.REGION);
        }
        return region;
    }

    private static int positive(Map<String, String> env, String name, long dflt) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return (int) dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + v + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
