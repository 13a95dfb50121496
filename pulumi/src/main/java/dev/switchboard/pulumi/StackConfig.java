package dev.switchboard.pulumi;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a stack's configuration (namespace {@code switchboard}) into an {@link Environment}. Only what the blueprint
 * cannot know is configured: {@code environment} (default: the stack's name), {@code account} and the user's
 * overrides, each with the meaning {@link Environments#resolve} gives it. List and object values
 * ({@code regions}, {@code routes}, {@code customDomain}) are JSON, as {@code pulumi config set --path} or a YAML
 * list writes them; {@code regions} also accepts {@code us-east-1,eu-west-1}. Secrets ({@value #JWT_SECRET},
 * {@value #ORIGIN_SECRET}) are read separately, as Pulumi secrets.
 */
public final class StackConfig {
    public static final String ENVIRONMENT = "environment";
    public static final String JWT_SECRET = "jwtSecret";
    public static final String ORIGIN_SECRET = "originSecret";
    /** Optional: the {@code iss} the authorizer requires (default: the blueprint's name). */
    public static final String JWT_ISSUER = "jwtIssuer";
    /** Optional: the {@code aud} the authorizer requires (default: {@code <name>-<env>}). */
    public static final String JWT_AUDIENCE = "jwtAudience";
    /**
     * Optional, {@code true} for one {@code pulumi up} of a stack whose table replicas were declared inline (before
     * round 2): the replicas are imported into their own resources instead of created (docs/deploy.md).
     */
    public static final String ADOPT_TABLE_REPLICAS = "adoptTableReplicas";
    /** The overrides {@link Environments#resolve} accepts. */
    public static final List<String> OVERRIDES = List.of("account", "regions", "primaryRegion", "alarmEmail",
            "customDomain", "logRetentionDays", "deletionProtection", "accessLogs", "routes");

    private static final Gson GSON = new Gson();

    private StackConfig() {
    }

    /**
     * The environment the stack's configuration describes.
     *
     * @param stackName the Pulumi stack's name, the environment's name unless {@code environment} is set
     * @param config    a config lookup ({@code ctx.config()::get} in the program)
     */
    public static Environment environment(String stackName, Function<String, Optional<String>> config) {
        String name = config.apply(ENVIRONMENT).orElse(stackName);
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (String key : OVERRIDES) {
            config.apply(key).ifPresent(v -> overrides.put(key, parse(key, v)));
        }
        return Environments.resolve(name, overrides);
    }

    private static Object parse(String key, String raw) {
        String v = raw.trim();
        if (v.startsWith("[") || v.startsWith("{")) {
            try {
                return GSON.fromJson(v, Object.class);
            } catch (JsonParseException e) {
                throw new BlueprintException("switchboard:" + key, "is not valid JSON: " + e.getMessage(),
                        "write e.g. pulumi config set --path 'switchboard:" + key + "[0]' value");
            }
        }
        return v;
    }
}
