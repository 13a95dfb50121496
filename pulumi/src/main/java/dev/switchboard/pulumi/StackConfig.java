package dev.switchboard.pulumi;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;

import java.util.LinkedHashMap;
import java.util.List;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a stack's configuration (namespace {@code switchboard}) into an {@link Environment}. Only what the blueprint
 * cannot know is configured: {@code environment} (default: the stack's name), {@code account} and the user's
 * overrides, each with the meaning {@link Environments#resolve} gives it. List and object values
 * ({@code regions}, {@code routes}, {@code customDomain}) are JSON, as {@code pulumi config set --path} or a YAML
 * list writes them; {@code regions} also accepts {@code us-east-1,eu-west-1}. Secrets ({@value #JWT_SECRET},
 * {@value #ORIGIN_SECRET} (with the edge only) and, while a rotation is staged, {@value #JWT_SECRET_NEXT},
 * {@value #ORIGIN_SECRET_NEXT}) are read separately, as Pulumi secrets. The handler jar ({@link #handlerJar}) and the
 * system name ({@value #SYSTEM_NAME}) are read here too.
 */
public final class StackConfig {
    public static final String ENVIRONMENT = "environment";
    public static final String JWT_SECRET = "jwtSecret";
    public static final String ORIGIN_SECRET = "originSecret";
    /** Optional, secret: a staged HS256 key (see {@link SwitchboardSecrets}; docs/deploy.md, "Rotating secrets"). */
    public static final String JWT_SECRET_NEXT = "jwtSecretNext";
    /** Optional, secret: a staged origin header value (see {@link SwitchboardSecrets}). */
    public static final String ORIGIN_SECRET_NEXT = "originSecretNext";
    /** Optional: the {@code iss} the authorizer requires (default: the blueprint's name). */
    public static final String JWT_ISSUER = "jwtIssuer";
    /** Optional: the {@code aud} the authorizer requires (default: {@code <name>-<env>}). */
    public static final String JWT_AUDIENCE = "jwtAudience";
    /**
     * Optional, {@code true} for one {@code pulumi up} of a stack whose table replicas were declared inline (before
     * round 2): the replicas are imported into their own resources instead of created (docs/deploy.md).
     */
    public static final String ADOPT_TABLE_REPLICAS = "adoptTableReplicas";
    /**
     * Optional: the jar that holds the blueprint functions' handlers, relative to the directory of Pulumi.yaml (the
     * program's working directory) or absolute (default: {@value SwitchboardArgs#DEFAULT_HANDLER_JAR}).
     */
    public static final String HANDLER_JAR = "handlerJar";
    /** The overrides {@link Environments#resolve} accepts. */
    public static final List<String> OVERRIDES = List.of("account", "regions", "primaryRegion", "alarmEmail",
            "customDomain", "logRetentionDays", "deletionProtection", "accessLogs", "routes", Environments.EDGE);
    /**
     * Optional: the system name, the prefix of every physical name, so that two systems deploy side by side in one
     * account and region (default {@value Blueprint#DEFAULT_NAME}; {@link dev.switchboard.blueprint.PhysicalNames}).
     */
    public static final String SYSTEM_NAME = "systemName";

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
        if (config.apply(Environments.ORIGIN_SECRET_VERSION).isPresent()) {
            throw new BlueprintException("switchboard:" + Environments.ORIGIN_SECRET_VERSION, "is a CDK setting; the"
                    + " Pulumi program sends the value of originSecret", "remove it and stage the new value with"
                    + " pulumi config set --secret " + ORIGIN_SECRET_NEXT + " (docs/deploy.md, \"Rotating secrets\")");
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (String key : OVERRIDES) {
            config.apply(key).ifPresent(v -> overrides.put(key, parse(key, v)));
        }
        return Environments.resolve(name, overrides);
    }

    /**
     * The handler jar the stack's configuration names ({@value #HANDLER_JAR}, or the default), checked before anything
     * is declared: a missing file, a directory or a file that is not a jar stops the program with the key and the fix.
     */
    public static Path handlerJar(Function<String, Optional<String>> config) {
        Optional<String> set = config.apply(HANDLER_JAR).filter(v -> !v.isBlank());
        Path jar = Path.of(set.orElse(SwitchboardArgs.DEFAULT_HANDLER_JAR).trim());
        String key = "switchboard:" + HANDLER_JAR;
        String which = set.isPresent() ? "names " : "is not set and the default is ";
        String fix = "build Switchboard's handlers (mvn -B -DskipNpm -pl lambdas -am package -DskipTests) or point the"
                + " key at the jar that holds them: pulumi config set " + HANDLER_JAR + " path/to/handlers.jar"
                + " (relative to the directory of Pulumi.yaml)";
        if (!Files.exists(jar)) {
            throw new BlueprintException(key, which + jar + ", which does not exist (looked at "
                    + jar.toAbsolutePath() + ")", fix);
        }
        if (!Files.isRegularFile(jar)) {
            throw new BlueprintException(key, which + jar + ", which is not a file", fix);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(jar)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new BlueprintException(key, which + jar + ", which cannot be read: " + e.getMessage(), fix);
        }
        if (!Arrays.equals(head, new byte[] {'P', 'K', 3, 4})) {
            throw new BlueprintException(key, which + jar + ", which is not a jar (no zip header)", fix);
        }
        return jar;
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
