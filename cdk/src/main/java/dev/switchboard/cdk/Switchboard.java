package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Regions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * A whole regional Switchboard inside an existing stack (whose env names a concrete account and region of the
 * blueprint's environment): the connection table (created in the primary region, a replica reference elsewhere), the
 * secrets, the handlers, the WebSocket endpoint, the CloudFront distribution with the edge web ACL, monitoring and the
 * outputs. Use {@link EdgeProtection} once per environment in a {@value Regions#EDGE_REGION} stack, deployed first.
 *
 * <pre>{@code
 * Blueprint bp = Blueprint.reference(Environments.resolve("prod", Map.of("account", "123456789012")));
 * new Switchboard(stack, "Chat", Switchboard.Props.builder(bp, Path.of("switchboard-lambdas.jar")).build());
 * }</pre>
 */
public final class Switchboard extends Construct {
    /** Default name of the header CloudFront adds and the authorizer requires. */
    public static final String DEFAULT_ORIGIN_HEADER = Blueprint.ORIGIN_HEADER;

    /**
     * @param blueprint        the system and its environment
     * @param handlerJar       the handler jar (the repository builds lambdas/target/switchboard-lambdas.jar); each
     *                         Switchboard stages it as its own asset
     * @param webAclArn        the edge web ACL ARN (default null: read at deploy time from the SSM parameter that
     *                         {@link EdgeProtection} writes in us-east-1, see {@link WebAclArnLookup})
     * @param originHeaderName the secret origin header's name (default {@value #DEFAULT_ORIGIN_HEADER})
     * @param jwtIssuer        required {@code iss} of tokens (default the blueprint name)
     * @param jwtAudience      required {@code aud} of tokens (default {@code <name>-<env>})
     * @param webAclKey        {@link EdgeProtection#replacementKey()} of the edge web ACL (default: the key of the ACL
     *                         {@link EdgeProtection} names for the blueprint); the ARN lookup re-runs when it changes
     * @param peerApiIds       region to the WebSocket API id of the environment's other regions, once deployed
     *                         (default empty: those grants name {@code *} for the API id, see
     *                         {@link WebSocketEndpoint#grantManagementApiAccess})
     * @param originSecretVersion the origin secret version the distribution sends (default null: the version labelled
     *                         AWSCURRENT when the distribution was last updated); see docs/deploy.md, "Rotating secrets"
     */
    public record Props(Blueprint blueprint, Path handlerJar, String webAclArn, String originHeaderName,
                        String jwtIssuer, String jwtAudience, String webAclKey, Map<String, String> peerApiIds,
                        String originSecretVersion) {
        public Props(Blueprint blueprint, Path handlerJar, String webAclArn, String originHeaderName,
                     String jwtIssuer, String jwtAudience) {
            this(blueprint, handlerJar, webAclArn, originHeaderName, jwtIssuer, jwtAudience, null, Map.of(), null);
        }

        public Props {
            peerApiIds = peerApiIds == null ? Map.of() : Map.copyOf(peerApiIds);
            Objects.requireNonNull(blueprint, "blueprint");
            Objects.requireNonNull(handlerJar, "handlerJar");
            originHeaderName = originHeaderName == null ? DEFAULT_ORIGIN_HEADER : originHeaderName;
            jwtIssuer = jwtIssuer == null ? blueprint.defaultJwtIssuer() : jwtIssuer;
            jwtAudience = jwtAudience == null ? blueprint.defaultJwtAudience() : jwtAudience;
        }

        public static Builder builder(Blueprint blueprint, Path handlerJar) {
            return new Builder(blueprint, handlerJar);
        }

        /** Builder with the defaults documented on {@link Props}. */
        public static final class Builder {
            private final Blueprint blueprint;
            private final Path jar;
            private String webAclArn;
            private String originHeaderName;
            private String jwtIssuer;
            private String jwtAudience;
            private Map<String, String> peerApiIds = Map.of();
            private String webAclKey;
            private String originSecretVersion;

            private Builder(Blueprint blueprint, Path jar) {
                this.blueprint = blueprint;
                this.jar = jar;
            }

            public Builder webAclArn(String v) {
                this.webAclArn = v;
                return this;
            }

            public Builder originHeaderName(String v) {
                this.originHeaderName = v;
                return this;
            }

            public Builder jwtIssuer(String v) {
                this.jwtIssuer = v;
                return this;
            }

            public Builder jwtAudience(String v) {
                this.jwtAudience = v;
                return this;
            }

            public Builder webAclKey(String v) {
                this.webAclKey = v;
                return this;
            }

            public Builder peerApiIds(Map<String, String> v) {
                this.peerApiIds = v;
                return this;
            }

            /** Pins the origin secret version the distribution sends (null: unpinned). */
            public Builder originSecretVersion(String v) {
                this.originSecretVersion = v;
                return this;
            }

            public Props build() {
                return new Props(blueprint, jar, webAclArn, originHeaderName, jwtIssuer, jwtAudience, webAclKey,
                        peerApiIds, originSecretVersion);
            }
        }
    }

    private final ConnectionTable table;
    private final SwitchboardSecrets secrets;
    private final Handlers handlers;
    private final WebSocketEndpoint endpoint;
    private final EdgeDistribution distribution;
    private final Monitoring monitoring;
    private final FanoutQueue fanout;
    private final RegionalDomain domain;

    public Switchboard(Construct scope, String id, Props props) {
        super(scope, id);
        Blueprint b = props.blueprint();
        String region = Regional.region(this);
        if (!b.environment().regions().contains(region)) {
            throw new BlueprintException("environments." + b.environment().name()
                    + ".regions", "the stack's region " + region + " is not among " + b.environment().regions(),
                    "deploy Switchboard only to the environment's regions");
        }
        this.table = new ConnectionTable(this, "ConnectionTable", ConnectionTable.Props.of(b));
        this.secrets = new SwitchboardSecrets(this, "Secrets", b);

        Map<String, String> common = new LinkedHashMap<>();
        common.put(EnvVars.TABLE_NAME, table.tableName());
        this.handlers = new Handlers(this, "Handlers", new Handlers.Props(b,
                Code.fromAsset(props.handlerJar().toString()), common));
        if (b.authorizerFunction() != null) {
            String auth = b.authorizerFunction().name();
            handlers.function(auth).addEnvironment(EnvVars.JWT_SECRET_ARN, secrets.jwtSecretArn());
            handlers.function(auth).addEnvironment(EnvVars.JWT_ISSUER, props.jwtIssuer());
            handlers.function(auth).addEnvironment(EnvVars.JWT_AUDIENCE, props.jwtAudience());
            handlers.function(auth).addEnvironment(EnvVars.ORIGIN_HEADER_NAME, props.originHeaderName());
            handlers.function(auth).addEnvironment(EnvVars.ORIGIN_SECRET_ARN, secrets.originSecretArn());
        }
        this.endpoint = new WebSocketEndpoint(this, "WebSocket", new WebSocketEndpoint.Props(b, handlers,
                props.originHeaderName()));
        handlers.addEnvironment(EnvVars.CALLBACK_URL, endpoint.callbackUrl(), FunctionSpec::managementApi);

        List<String> otherRegions = b.environment().regions().stream().filter(r -> !r.equals(region)).toList();
        for (FunctionSpec fn : b.deployedFunctions()) {
            table.grant(handlers.role(fn.name()), fn.tableAccess());
            if (fn.managementApi()) {
                endpoint.grantManagementApiAccess(handlers.role(fn.name()), otherRegions, props.peerApiIds());
            }
            if (fn.jwtSecret()) {
                secrets.grantRead(handlers.role(fn.name()));
            }
        }

        String webAclArn = props.webAclArn() != null ? props.webAclArn()
                : new WebAclArnLookup(this, "WebAclArn", b, props.webAclKey() != null ? props.webAclKey()
                        : EdgeProtection.replacementKey(b)).webAclArn();
        this.distribution = new EdgeDistribution(this, "Edge", new EdgeDistribution.Props(endpoint.apiDomainName(),
                "/" + b.environment().name(), props.originHeaderName(),
                secrets.originSecretReference(props.originSecretVersion()), webAclArn,
                "Switchboard " + b.environment().name() + " " + region));

        Map<String, String> fnNames = new LinkedHashMap<>();
        b.deployedFunctions().forEach(f -> fnNames.put(f.name(), b.functionName(f)));
        this.monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(b, endpoint.api().getApiId(),
                b.environment().name(), fnNames, table.tableName(), null));
        this.fanout = new FanoutQueue(this, "Fanout", b, handlers, monitoring.topic());
        monitoring.allowAlarms("AllowCloudWatchFanoutAlarms", List.of(fanout.deadLetterAlarmName()));

        if (b.environment().customDomain() != null) {
            this.domain = new RegionalDomain(this, "Domain", new RegionalDomain.Props(b.environment().customDomain(),
                    endpoint, monitoring.healthAlarms()));
            CfnOutput.Builder.create(this, "CustomDomainUrl").value("wss://" + b.environment().customDomain()
                    .domainName()).description("The custom domain clients connect to (the edge stack's distribution,"
                    + " latency-routed to the nearest healthy region)").build();
        } else {
            this.domain = null;
        }
        Nag.handlers(handlers, b, table);
        Nag.endpoint(endpoint, b);
        Nag.distribution(distribution);
        Nag.secrets(secrets);
        Nag.table(table, b);
        Nag.customResourceProvider(Stack.of(this));

        CfnOutput.Builder.create(this, "WebSocketUrl").value(distribution.webSocketUrl())
                .description("The URL clients connect to (through CloudFront and WAF): add ?token=<JWT>").build();
        CfnOutput.Builder.create(this, "CallbackUrl").value(endpoint.callbackUrl())
                .description("The @connections management endpoint of this region's API").build();
        CfnOutput.Builder.create(this, "TableName").value(table.tableName())
                .description("The connection table (global table replica in this region)").build();
        CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard().getDashboardName())
                .description("CloudWatch dashboard of this region").build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(monitoring.topic().getTopicArn())
                .description("SNS topic of this region's alarms").build();
    }

    /** The sharded fan-out's queues, alarm and event source mapping. */
    public FanoutQueue fanout() {
        return fanout;
    }

    public ConnectionTable table() {
        return table;
    }

    public SwitchboardSecrets secrets() {
        return secrets;
    }

    public Handlers handlers() {
        return handlers;
    }

    public WebSocketEndpoint endpoint() {
        return endpoint;
    }

    public EdgeDistribution distribution() {
        return distribution;
    }

    /** The regional half of the custom domain, or null without one. */
    public RegionalDomain domain() {
        return domain;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /** The stack this Switchboard lives in. */
    public Stack stack() {
        return Stack.of(this);
    }
}
