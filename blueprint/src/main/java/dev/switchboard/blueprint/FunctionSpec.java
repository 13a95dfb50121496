package dev.switchboard.blueprint;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One Lambda function of the system.
 *
 * @param name           short id, lower case ({@code connect}, {@code send}); renderers derive resource names from it
 * @param handler        fully qualified handler class, for example {@code dev.switchboard.lambdas.SendHandler}
 * @param memoryMb       128 to 10240
 * @param timeoutSeconds 1 to 29 (API Gateway's integration timeout is 29 s, so a longer one never helps)
 * @param architecture   {@link Architecture#ARM_64} unless the handler needs x86
 * @param tableAccess    the narrowest access to the connection table the handler needs
 * @param managementApi  whether it posts to or deletes connections through the {@code @connections} API
 * @param jwtSecret      whether it reads the JWT signing secret (the authorizer only)
 * @param environment    static settings; renderers add the endpoints (see {@link EnvVars})
 */
public record FunctionSpec(String name, String handler, int memoryMb, int timeoutSeconds,
                           Architecture architecture, TableAccess tableAccess, boolean managementApi,
                           boolean jwtSecret, Map<String, String> environment) {
    /**
     * Lambda's log format for every function: JSON. The handlers write one JSON object per line, which Lambda does not
     * encode twice, and Lambda's own platform lines become JSON too
     * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html).
     */
    public static final String LOG_FORMAT = "JSON";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern CLASS = Pattern.compile("([a-zA-Z_$][a-zA-Z0-9_$]*\\.)*[a-zA-Z_$][a-zA-Z0-9_$]*(::[a-zA-Z_$][a-zA-Z0-9_$]*)?");

    /** Default memory: 1024 MB gives Java handlers a full vCPU share for init and fan-out. */
    public static final int DEFAULT_MEMORY_MB = 1024;
    /** Default timeout, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public FunctionSpec {
        String field = "functions." + name;
        Check.notBlank("functions[].name", name, "give the function a short lower-case name such as 'send'");
        if (!NAME.matcher(name).matches()) {
            throw new BlueprintException(field + ".name", "'" + name + "' is not a valid function name",
                    "use lower-case letters, digits and '-', starting with a letter, at most 31 characters");
        }
        Check.notBlank(field + ".handler", handler, "name the handler class, e.g. dev.switchboard.lambdas.SendHandler");
        if (!CLASS.matcher(handler).matches()) {
            throw new BlueprintException(field + ".handler", "'" + handler + "' is not a Java class name",
                    "use a fully qualified class name, optionally with ::method");
        }
        Check.between(field + ".memoryMb", memoryMb, 128, 10240);
        Check.between(field + ".timeoutSeconds", timeoutSeconds, 1, 29);
        if (architecture == null) {
            throw new BlueprintException(field + ".architecture", "must be set", "use ARM_64 or X86_64");
        }
        if (tableAccess == null) {
            throw new BlueprintException(field + ".tableAccess", "must be set", "use NONE, READ or READ_WRITE");
        }
        environment = Map.copyOf(new TreeMap<>(environment == null ? Map.of() : environment));
        for (String key : environment.keySet()) {
            if (!key.matches("[A-Za-z][A-Za-z0-9_]*") || key.startsWith("AWS_")) {
                throw new BlueprintException(field + ".environment." + key, "invalid or reserved variable name",
                        "use letters, digits and '_', not starting with AWS_ (Lambda reserves those)");
            }
        }
    }

    /** A function with the defaults: 1024 MB, 10 s, arm64, no table access, no management API, no secret. */
    public static FunctionSpec of(String name, String handler) {
        return new FunctionSpec(name, handler, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, Architecture.ARM_64,
                TableAccess.NONE, false, false, Map.of());
    }

    public FunctionSpec withTableAccess(TableAccess access) {
        return new FunctionSpec(name, handler, memoryMb, timeoutSeconds, architecture, access, managementApi,
                jwtSecret, environment);
    }

    public FunctionSpec withManagementApi() {
        return new FunctionSpec(name, handler, memoryMb, timeoutSeconds, architecture, tableAccess, true,
                jwtSecret, environment);
    }

    public FunctionSpec withJwtSecret() {
        return new FunctionSpec(name, handler, memoryMb, timeoutSeconds, architecture, tableAccess, managementApi,
                true, environment);
    }

    public FunctionSpec withMemoryMb(int memory) {
        return new FunctionSpec(name, handler, memory, timeoutSeconds, architecture, tableAccess, managementApi,
                jwtSecret, environment);
    }

    public FunctionSpec withTimeoutSeconds(int timeout) {
        return new FunctionSpec(name, handler, memoryMb, timeout, architecture, tableAccess, managementApi,
                jwtSecret, environment);
    }

    public FunctionSpec withArchitecture(Architecture arch) {
        return new FunctionSpec(name, handler, memoryMb, timeoutSeconds, arch, tableAccess, managementApi,
                jwtSecret, environment);
    }

    public FunctionSpec withEnvironment(Map<String, String> env) {
        return new FunctionSpec(name, handler, memoryMb, timeoutSeconds, architecture, tableAccess, managementApi,
                jwtSecret, env);
    }
}
