package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FunctionSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The blueprint's Lambda functions: java21, the blueprint's memory, timeout and architecture, SnapStart on published
 * versions and a {@value Blueprint#LIVE_ALIAS} alias that every integration, the authorizer and every permission
 * target. Each function has its own role (logs on its own log group only; callers add table, secret and management
 * API grants) and its own log group with the environment's retention. {@link #add} builds one more the same way
 * (a route added with {@link Switchboard#addRoute}).
 */
public final class Handlers extends Construct {
    /**
     * @param blueprint   the functions, their static environment and the log retention
     * @param code        the handler jar (see {@link Switchboard.Props#handlerJar()})
     * @param environment variables every function gets on top of {@link Blueprint#staticEnvironment(FunctionSpec)}
     *                    (default: none)
     */
    public record Props(Blueprint blueprint, Code code, Map<String, String> environment) {
        public Props {
            environment = environment == null ? Map.of() : Map.copyOf(environment);
        }
    }

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, FunctionSpec> specs = new LinkedHashMap<>();
    private final Blueprint blueprint;
    private final Props props;

    public Handlers(Construct scope, String id, Props props) {
        super(scope, id);
        this.blueprint = props.blueprint();
        this.props = props;
        for (FunctionSpec spec : blueprint.deployedFunctions()) {
            add(spec, props.code());
        }
    }

    /**
     * Adds a function built like the blueprint's (its own role and log group, SnapStart, the
     * {@value Blueprint#LIVE_ALIAS} alias, {@link Blueprint#staticEnvironment(FunctionSpec)} plus the props'
     * environment) from {@code code}; its physical name comes from {@link dev.switchboard.blueprint.PhysicalNames}.
     *
     * @return the function's alias, the target of integrations and permissions
     */
    public Alias add(FunctionSpec spec, Code code) {
        if (specs.containsKey(spec.name())) {
            throw new dev.switchboard.blueprint.BlueprintException("functions." + spec.name(), "a function of that"
                    + " name exists", "choose another name (functions are " + specs.keySet() + ")");
        }
        Stack stack = Stack.of(this);
        String region = Regional.region(this);
        RemovalPolicy removal = blueprint.environment().deletionProtection() ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
                : RemovalPolicy.DESTROY;
        Construct c = new Construct(this, Regional.idOf(spec.name()) + "Handler");
        String name = blueprint.names().function(spec.name());
        String logGroupName = blueprint.names().functionLogGroup(spec.name());
        LogGroup logs = LogGroup.Builder.create(c, "Logs").logGroupName(logGroupName).removalPolicy(removal)
                .build();
        ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(
                blueprint.environment().logRetentionDays());
        Role role = Role.Builder.create(c, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Switchboard " + spec.name() + " handler (" + blueprint.environment().name() + ")")
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of("arn:" + stack.getPartition() + ":logs:" + region + ":" + stack.getAccount()
                        + ":log-group:" + logGroupName + ":*"))
                .build());
        Map<String, String> env = new TreeMap<>(blueprint.staticEnvironment(spec));
        env.putAll(props.environment());
        env.put(EnvVars.REGION, region);
        Function fn = Function.Builder.create(c, "Resource")
                .functionName(name)
                .description("Switchboard " + spec.name() + ": " + spec.handler())
                .runtime(Runtime.JAVA_21)
                .architecture(spec.architecture() == dev.switchboard.blueprint.Architecture.ARM_64
                        ? Architecture.ARM_64 : Architecture.X86_64)
                .handler(spec.handler())
                .code(code)
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(env)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.valueOf(FunctionSpec.LOG_FORMAT))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every integration, the authorizer and every permission target the published '"
                        + Blueprint.LIVE_ALIAS + "' alias");
        Alias alias = Alias.Builder.create(c, "Live").aliasName(Blueprint.LIVE_ALIAS)
                .version(fn.getCurrentVersion()).build();
        functions.put(spec.name(), fn);
        aliases.put(spec.name(), alias);
        roles.put(spec.name(), role);
        specs.put(spec.name(), spec);
        return alias;
    }

    /** Every function's spec, the blueprint's and those {@link #add}ed, in order. */
    public java.util.Collection<FunctionSpec> specs() {
        return Collections.unmodifiableCollection(specs.values());
    }

    /** The {@value Blueprint#LIVE_ALIAS} alias of the function {@code name}. */
    public Alias alias(String name) {
        return require(aliases, name);
    }

    /** The function {@code name}. */
    public Function function(String name) {
        return require(functions, name);
    }

    /** The role of the function {@code name}. */
    public Role role(String name) {
        return require(roles, name);
    }

    /** Function name to function, in blueprint order. */
    public Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    /** Sets {@code key} on every function whose spec matches. */
    public void addEnvironment(String key, String value, java.util.function.Predicate<FunctionSpec> which) {
        for (FunctionSpec spec : specs.values()) {
            if (which.test(spec)) {
                functions.get(spec.name()).addEnvironment(key, value);
            }
        }
    }

    private static <T> T require(Map<String, T> m, String name) {
        T t = m.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no function '" + name + "'; functions are " + m.keySet());
        }
        return t;
    }
}
