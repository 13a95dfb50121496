package dev.switchboard.pulumi;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Alias;
import com.pulumi.aws.lambda.AliasArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.FunctionEnvironmentArgs;
import com.pulumi.aws.lambda.inputs.FunctionLoggingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionSnapStartArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.SecretNames;
import dev.switchboard.blueprint.TableAccess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The region's Lambda functions (the CDK construct of the same name): one per {@link FunctionSpec}, its code from
 * {@link SwitchboardArgs#codeFor} (an extra route's own jar, else the handler jar), java21, the blueprint's
 * architecture, memory and timeout, SnapStart on published versions and a {@code live} alias that every integration,
 * the authorizer and every permission target; a log group with the environment's retention; one role per function with
 * the narrowest inline policy: its own log group, the connection table and its indexes in this region (read actions
 * only for {@link TableAccess#READ}), {@code secretsmanager:GetSecretValue} on this region's secrets for the JWT
 * authorizer (the JWT key, and the origin header value with the edge), and (through {@link #grantManagementApi})
 * {@code execute-api:ManageConnections} on the environment's stages' {@code @connections}.
 */
public final class Handlers extends ComponentResource {
    public static final String TYPE = "switchboard:index:Handlers";
    /** Lambda's Java runtime for the handlers. */
    public static final String RUNTIME = Blueprint.RUNTIME;
    /** Read actions granted to READ functions (no Scan: handlers query keys). */
    static final List<String> TABLE_READ = List.of("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
            "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query");
    /** Write actions added for READ_WRITE functions. */
    static final List<String> TABLE_WRITE = List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
            "dynamodb:PutItem", "dynamodb:UpdateItem");
    static final List<String> LOG_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");
    static final String MANAGE_CONNECTIONS = "execute-api:ManageConnections";
    static final String GET_SECRET = "secretsmanager:GetSecretValue";

    /** One deployed function: the function, its alias and its role. */
    public record Deployed(FunctionSpec spec, Function function, Alias alias, Role role) {
    }

    private final Placement placement;
    private final Map<String, Deployed> functions = new LinkedHashMap<>();
    private final Secret jwtSecret;
    private final Secret originSecret;

    Handlers(String name, Blueprint blueprint, Placement placement, Resource parent, Output<String> tableName,
             ConnectionTable table, Output<String> callbackUrl, SwitchboardArgs args) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        this.placement = placement;
        SwitchboardSecrets secrets = args.secrets();
        String account = blueprint.environment().requireAccount();
        String region = placement.region();

        // Secret names as in the CDK stacks, so a token issuer finds the signing key under one name either way.
        // Without deletion protection a destroyed stack can be re-created at once (no 30-day name reservation).
        int recovery = blueprint.environment().deletionProtection() ? 30 : 0;
        this.jwtSecret = secret(SecretNames.jwtSigning(blueprint), "jwt-secret", "HS256 signing secret of the $connect authorizer",
                secrets.storedJwtSecret(), recovery);
        boolean edge = blueprint.environment().edge();
        this.originSecret = !edge ? null : secret(SecretNames.originHeader(blueprint), "origin-secret",
                "value of the secret origin header CloudFront adds", secrets.storedOriginSecret(), recovery);

        for (FunctionSpec fn : blueprint.deployedFunctions()) {
            String fnName = blueprint.functionName(fn);
            LogGroup logGroup = new LogGroup(placement.name(fn.name() + "-logs"), LogGroupArgs.builder()
                    .name(blueprint.names().functionLogGroup(fn.name()))
                    .retentionInDays(blueprint.environment().logRetentionDays())
                    .build(), placement.under(this));
            Role role = new Role(placement.name(fn.name() + "-role"), RoleArgs.builder()
                    .description("Switchboard " + fnName + " in " + region)
                    .assumeRolePolicy(PolicyDocument.trust("lambda.amazonaws.com"))
                    .build(), placement.under(this));

            PolicyDocument policy = new PolicyDocument()
                    .allow(LOG_ACTIONS, List.of(Output.of("arn:aws:logs:" + region + ":" + account + ":log-group:"
                            + blueprint.names().functionLogGroup(fn.name()) + ":*")));
            if (fn.tableAccess() != TableAccess.NONE) {
                List<String> actions = new ArrayList<>(TABLE_READ);
                if (fn.tableAccess() == TableAccess.READ_WRITE) {
                    actions.addAll(TABLE_WRITE);
                }
                List<Output<String>> resources = new ArrayList<>();
                resources.add(Output.of(table.arnIn(region, account)));
                table.indexArnsIn(region, account).forEach(a -> resources.add(Output.of(a)));
                policy.allow(actions, resources);
            }
            if (fn.jwtSecret()) {
                policy.allow(List.of(GET_SECRET), edge ? List.of(jwtSecret.arn(), originSecret.arn())
                        : List.of(jwtSecret.arn()));
            }
            RolePolicy rolePolicy = new RolePolicy(placement.name(fn.name() + "-policy"), RolePolicyArgs.builder()
                    .role(role.name())
                    .policy(policy.toJson())
                    .build(), placement.under(this));

            Map<String, Output<String>> variables = new TreeMap<>();
            blueprint.staticEnvironment(fn).forEach((k, v) -> variables.put(k, Output.of(v)));
            blueprint.fanout().environment(fn, FanoutSpec.queueUrl(region, account, blueprint.fanoutQueueName()))
                    .forEach((k, v) -> variables.put(k, Output.of(v)));
            variables.put(EnvVars.TABLE_NAME, tableName);
            if (fn.managementApi()) {
                variables.put(EnvVars.CALLBACK_URL, callbackUrl);
            }
            if (fn.jwtSecret()) {
                variables.put(EnvVars.JWT_SECRET_ARN, jwtSecret.arn());
                variables.put(EnvVars.JWT_ISSUER, Output.of(args.jwtIssuer()));
                variables.put(EnvVars.JWT_AUDIENCE, Output.of(args.jwtAudience()));
                if (edge) {
                    variables.put(EnvVars.ORIGIN_HEADER_NAME, Output.of(EdgeDistribution.ORIGIN_HEADER_NAME));
                    variables.put(EnvVars.ORIGIN_SECRET_ARN, originSecret.arn());
                }
            }
            Function function = new Function(placement.name(fn.name()), FunctionArgs.builder()
                    .name(fnName)
                    .description("Switchboard " + fn.name() + " (" + blueprint.environment().name() + ")")
                    .role(role.arn())
                    .runtime(RUNTIME)
                    .handler(fn.handler())
                    .code(args.codeFor(fn))
                    .architectures(List.of(fn.architecture().awsName()))
                    .memorySize(fn.memoryMb())
                    .timeout(fn.timeoutSeconds())
                    .publish(true)
                    .snapStart(FunctionSnapStartArgs.builder().applyOn("PublishedVersions").build())
                    .loggingConfig(FunctionLoggingConfigArgs.builder().logFormat(FunctionSpec.LOG_FORMAT).logGroup(logGroup.name()).build())
                    .environment(FunctionEnvironmentArgs.builder().variables(outputMap(variables)).build())
                    .build(), placement.under(this, List.of(logGroup, rolePolicy)));
            Alias alias = new Alias(placement.name(fn.name() + "-" + Blueprint.LIVE_ALIAS), AliasArgs.builder()
                    .name(Blueprint.LIVE_ALIAS)
                    .functionName(function.name())
                    .functionVersion(function.version())
                    .build(), placement.under(this));
            functions.put(fn.name(), new Deployed(fn, function, alias, role));
        }
        registerOutputs(Map.of("functionCount", Output.of(functions.size())));
    }

    private Secret secret(String physical, String suffix, String description, Output<String> value,
                          int recoveryWindowDays) {
        Secret s = new Secret(placement.name(suffix), SecretArgs.builder()
                .name(SecretNames.require("secretName", physical)).description(description)
                .recoveryWindowInDays(recoveryWindowDays)
                .build(), placement.under(this));
        new SecretVersion(placement.name(suffix + "-value"), SecretVersionArgs.builder().secretId(s.id())
                .secretString(value).build(), placement.under(this));
        return s;
    }

    private static Output<Map<String, String>> outputMap(Map<String, Output<String>> in) {
        List<String> keys = new ArrayList<>(in.keySet());
        return Output.all(new ArrayList<>(in.values())).applyValue(values -> {
            Map<String, String> out = new TreeMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), values.get(i));
            }
            return out;
        });
    }

    /**
     * Lets every function with {@link FunctionSpec#managementApi()} post to, read and delete connections on the given
     * stages' {@code @connections} (each region's stage of the environment: a broadcast reaches a recipient through
     * the API that holds its connection).
     *
     * @param connectionArns {@code arn:aws:execute-api:<region>:<account>:<api>/<stage>/*&#47;@connections/*}, one per
     *                       region
     */
    void grantManagementApi(List<Output<String>> connectionArns) {
        for (Deployed d : functions.values()) {
            if (d.spec().managementApi()) {
                new RolePolicy(placement.name(d.spec().name() + "-manage-connections"), RolePolicyArgs.builder()
                        .role(d.role().name())
                        .policy(new PolicyDocument().allow(List.of(MANAGE_CONNECTIONS), connectionArns).toJson())
                        .build(), placement.under(this));
            }
        }
    }

    /** The deployed function for a blueprint function name. */
    public Deployed function(String name) {
        Deployed d = functions.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no function '" + name + "' in " + functions.keySet());
        }
        return d;
    }

    /** Every deployed function, in blueprint order. */
    public List<Deployed> all() {
        return List.copyOf(functions.values());
    }

    public Secret jwtSecret() {
        return jwtSecret;
    }

    /** The origin header's secret, or null without the edge ({@link dev.switchboard.blueprint.Environment#edge()}). */
    public Secret originSecret() {
        return originSecret;
    }
}
