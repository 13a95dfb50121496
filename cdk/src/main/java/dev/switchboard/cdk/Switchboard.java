package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Regions;
import dev.switchboard.blueprint.Route;
import dev.switchboard.blueprint.TableAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.IVersion;
import software.constructs.Construct;

/**
 * A whole regional Switchboard inside an existing stack (whose env names a concrete account and region of the
 * blueprint's environment): the connection table (created in the primary region, a replica reference elsewhere), the
 * secrets, the handlers, the WebSocket endpoint, with the edge (the default) a CloudFront distribution with the edge
 * web ACL, monitoring and the outputs. With the edge, use {@link EdgeProtection} once per environment in a
 * {@value Regions#EDGE_REGION} stack, deployed first. {@link #addRoute} adds routes with the user's own functions.
 *
 * <pre>{@code
 * Blueprint bp = Blueprint.reference(Environments.resolve("prod", Map.of("account", "123456789012")));
 * Switchboard chat = new Switchboard(stack, "Chat", Switchboard.Props.builder(bp, Path.of("switchboard-lambdas.jar"))
 *         .build());
 * chat.addRoute("typing", RouteOptions.builder().function(typingFunction).managementApi(true).build());
 * }</pre>
 */
public final class Switchboard extends Construct {
    /** Default name of the header CloudFront adds and the authorizer requires. */
    public static final String DEFAULT_ORIGIN_HEADER = Blueprint.ORIGIN_HEADER;
    /** Lambda's default timeout, assumed for a user's function whose timeout is not known here. */
    private static final int LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

    /**
     * @param blueprint        the system and its environment; its name is the system name (default
     *                         {@code switchboard}, see {@link Builder#systemName}) and its environment says whether
     *                         the edge is on (default on, see {@link Builder#edge})
     * @param handlerJar       the handler jar (the repository builds lambdas/target/switchboard-lambdas.jar); each
     *                         Switchboard stages it as its own asset. Exactly one of {@code handlerJar} and
     *                         {@code handlerCode}
     * @param handlerCode      the handlers' code as a CDK {@link Code} (e.g. {@code Code.fromAsset(..)} or
     *                         {@code Code.fromBucket(..)}); an asset belongs to one stack, so give each Switchboard its
     *                         own {@code Code}
     * @param webAclArn        the edge web ACL ARN (default null: read at deploy time from the SSM parameter that
     *                         {@link EdgeProtection} writes in us-east-1, see {@link WebAclArnLookup}); unused
     *                         without the edge
     * @param originHeaderName the secret origin header's name (default {@value #DEFAULT_ORIGIN_HEADER}); unused
     *                         without the edge
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
    public record Props(Blueprint blueprint, Path handlerJar, Code handlerCode, String webAclArn,
                        String originHeaderName, String jwtIssuer, String jwtAudience, String webAclKey,
                        Map<String, String> peerApiIds, String originSecretVersion) {
        public Props(Blueprint blueprint, Path handlerJar, String webAclArn, String originHeaderName,
                     String jwtIssuer, String jwtAudience) {
            this(blueprint, handlerJar, null, webAclArn, originHeaderName, jwtIssuer, jwtAudience, null, Map.of(),
                    null);
        }

        public Props {
            peerApiIds = peerApiIds == null ? Map.of() : Map.copyOf(peerApiIds);
            Objects.requireNonNull(blueprint, "blueprint");
            if ((handlerJar == null) == (handlerCode == null)) {
                throw new BlueprintException("handlerJar", handlerJar == null ? "neither a handler jar nor handler"
                        + " code" : "both a handler jar and handler code", "pass exactly one:"
                        + " Props.builder(blueprint, Path) or Props.builder(blueprint, Code)");
            }
            originHeaderName = originHeaderName == null ? DEFAULT_ORIGIN_HEADER : originHeaderName;
            jwtIssuer = jwtIssuer == null ? blueprint.defaultJwtIssuer() : jwtIssuer;
            jwtAudience = jwtAudience == null ? blueprint.defaultJwtAudience() : jwtAudience;
        }

        /** The system name: the prefix of every physical name ({@link dev.switchboard.blueprint.PhysicalNames}). */
        public String systemName() {
            return blueprint.name();
        }

        /** Whether clients connect through CloudFront and WAF ({@link Environment#edge()}). */
        public boolean edge() {
            return blueprint.environment().edge();
        }

        public static Builder builder(Blueprint blueprint, Path handlerJar) {
            return new Builder(blueprint, handlerJar, null);
        }

        public static Builder builder(Blueprint blueprint, Code handlerCode) {
            return new Builder(blueprint, null, handlerCode);
        }

        /** Builder with the defaults documented on {@link Props}. */
        public static final class Builder {
            private Blueprint blueprint;
            private final Path jar;
            private final Code code;
            private String webAclArn;
            private String originHeaderName;
            private String jwtIssuer;
            private String jwtAudience;
            private Map<String, String> peerApiIds = Map.of();
            private String webAclKey;
            private String originSecretVersion;

            private Builder(Blueprint blueprint, Path jar, Code code) {
                this.blueprint = Objects.requireNonNull(blueprint, "blueprint");
                this.jar = jar;
                this.code = code;
            }

            /**
             * The system name (default: the blueprint's, {@code switchboard} for {@link Blueprint#reference}): the
             * prefix of every physical name, so that two systems deploy side by side in one account and region. The
             * same as {@code blueprint.withName(name)}; give {@link EdgeProtection} that blueprint too.
             */
            public Builder systemName(String name) {
                this.blueprint = blueprint.withName(name);
                return this;
            }

            /**
             * Whether clients connect through CloudFront and WAF (default: the environment's {@code edge} setting,
             * on unless set). Off: the API's execute-api URL is the WebSocket URL, no distribution, no web ACL
             * lookup, no origin header; stage throttling and the authorizer stay (docs/deploy.md).
             */
            public Builder edge(boolean on) {
                this.blueprint = blueprint.withEnvironment(blueprint.environment().withEdge(on));
                return this;
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
                return new Props(blueprint, jar, code, webAclArn, originHeaderName, jwtIssuer, jwtAudience,
                        webAclKey, peerApiIds, originSecretVersion);
            }
        }
    }

    private final Props props;
    private final Code code;
    private final List<String> otherRegions;
    private final ConnectionTable table;
    private final SwitchboardSecrets secrets;
    private final Handlers handlers;
    private final WebSocketEndpoint endpoint;
    private final EdgeDistribution distribution;
    private final Monitoring monitoring;
    private final FanoutQueue fanout;
    private final RegionalDomain domain;
    private final List<SwitchboardRoute> added = new ArrayList<>();

    public Switchboard(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        Blueprint b = props.blueprint();
        String region = Regional.region(this);
        if (!b.environment().regions().contains(region)) {
            throw new BlueprintException("environments." + b.environment().name()
                    + ".regions", "the stack's region " + region + " is not among " + b.environment().regions(),
                    "deploy Switchboard only to the environment's regions");
        }
        boolean edge = b.environment().edge();
        this.table = new ConnectionTable(this, "ConnectionTable", ConnectionTable.Props.of(b));
        this.secrets = new SwitchboardSecrets(this, "Secrets", new SwitchboardSecrets.Props(b));

        Map<String, String> common = new LinkedHashMap<>();
        common.put(EnvVars.TABLE_NAME, table.tableName());
        this.code = props.handlerCode() != null ? props.handlerCode()
                : Code.fromAsset(props.handlerJar().toString());
        this.handlers = new Handlers(this, "Handlers", new Handlers.Props(b, code, common));
        if (b.authorizerFunction() != null) {
            String auth = b.authorizerFunction().name();
            handlers.function(auth).addEnvironment(EnvVars.JWT_SECRET_ARN, secrets.jwtSecretArn());
            handlers.function(auth).addEnvironment(EnvVars.JWT_ISSUER, props.jwtIssuer());
            handlers.function(auth).addEnvironment(EnvVars.JWT_AUDIENCE, props.jwtAudience());
            if (edge) {
                handlers.function(auth).addEnvironment(EnvVars.ORIGIN_HEADER_NAME, props.originHeaderName());
                handlers.function(auth).addEnvironment(EnvVars.ORIGIN_SECRET_ARN, secrets.originSecretArn());
            }
        }
        this.endpoint = new WebSocketEndpoint(this, "WebSocket", new WebSocketEndpoint.Props(b, handlers,
                edge ? props.originHeaderName() : null));
        handlers.addEnvironment(EnvVars.CALLBACK_URL, endpoint.callbackUrl(), FunctionSpec::managementApi);

        this.otherRegions = b.environment().regions().stream().filter(r -> !r.equals(region)).toList();
        for (FunctionSpec fn : b.deployedFunctions()) {
            table.grant(handlers.role(fn.name()), fn.tableAccess());
            if (fn.managementApi()) {
                endpoint.grantManagementApiAccess(handlers.role(fn.name()), otherRegions, props.peerApiIds());
            }
            if (fn.jwtSecret()) {
                secrets.grantRead(handlers.role(fn.name()));
            }
        }

        if (edge) {
            String webAclArn = props.webAclArn() != null ? props.webAclArn()
                    : new WebAclArnLookup(this, "WebAclArn", new WebAclArnLookup.Props(b, props.webAclKey()))
                            .webAclArn();
            this.distribution = new EdgeDistribution(this, "Edge", new EdgeDistribution.Props(
                    endpoint.apiDomainName(), "/" + b.environment().name(), props.originHeaderName(),
                    secrets.originSecretReference(props.originSecretVersion()), webAclArn,
                    "Switchboard " + b.environment().name() + " " + region));
        } else {
            this.distribution = null;
        }

        Map<String, String> fnNames = new LinkedHashMap<>();
        b.deployedFunctions().forEach(f -> fnNames.put(f.name(), b.functionName(f)));
        this.monitoring = new Monitoring(this, "Monitoring", Monitoring.Props.regional(b, endpoint.api().getApiId(),
                b.environment().name(), fnNames, table.tableName()));
        this.fanout = new FanoutQueue(this, "Fanout", new FanoutQueue.Props(b, handlers, monitoring.topic()));
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
        if (distribution != null) {
            Nag.distribution(distribution);
        }
        Nag.secrets(secrets);
        Nag.table(table, b);
        Nag.customResourceProvider(Stack.of(this));

        CfnOutput.Builder.create(this, "WebSocketUrl").value(webSocketUrl())
                .description(edge ? "The URL clients connect to (through CloudFront and WAF): add ?token=<JWT>"
                        : "The URL clients connect to (the API's execute-api URL; no CloudFront, no WAF): add"
                        + " ?token=<JWT>").build();
        CfnOutput.Builder.create(this, "CallbackUrl").value(endpoint.callbackUrl())
                .description("The @connections management endpoint of this region's API").build();
        CfnOutput.Builder.create(this, "TableName").value(table.tableName())
                .description("The connection table (global table replica in this region)").build();
        CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard().getDashboardName())
                .description("CloudWatch dashboard of this region").build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(monitoring.topic().getTopicArn())
                .description("SNS topic of this region's alarms").build();
    }

    /**
     * Adds route {@code routeKey} (an action name) with what a blueprint route gets: a Lambda proxy integration, a
     * route response when two-way, a Lambda permission scoped to exactly {@code <stage>/<routeKey>}, the narrowest
     * table grant of {@link RouteOptions#tableAccess()}, the {@code @connections} grant with
     * {@link RouteOptions#managementApi()}, the blueprint's function alarms and dashboard widgets, and its place in
     * the guards ({@link #routes()}). The authorizer has already run on {@code $connect} for every frame of the
     * connection. The function's alarm names use its short name: the route key in lower case with '_' as '-'.
     *
     * <p>With {@link RouteOptions.Builder#function} the route invokes the user's function (or version, or alias) as
     * given; when a {@link Function} is reachable from it, it gets {@code TABLE_NAME} (with table access) and
     * {@code CALLBACK_URL} (with the management API). With {@link RouteOptions.Builder#handler} Switchboard builds the
     * function like its own ({@link Handlers#add}), named {@code <system>-<env>-<short name>}.
     *
     * @return the route
     * @throws BlueprintException when the key is not a valid action name, the route exists, or the short name is
     *                            taken by another function
     */
    public SwitchboardRoute addRoute(String routeKey, RouteOptions options) {
        Blueprint b = props.blueprint();
        Route spec = new Route(routeKey, shortName(routeKey), options.twoWay(), false);
        if (spec.predefined() || endpoint.routes().containsKey(routeKey)) {
            throw new BlueprintException("routes." + routeKey, spec.predefined() ? "addRoute adds action routes"
                    : "the route exists", "choose another action name (routes are " + endpoint.routes().keySet()
                    + ")");
        }
        String name = spec.function();
        boolean taken = handlers.specs().stream().anyMatch(f -> f.name().equals(name))
                || added.stream().anyMatch(r -> r.spec().function().equals(name));
        if (taken) {
            throw new BlueprintException("routes." + routeKey, "its function short name '" + name + "' (alarm names)"
                    + " is taken by another function", "choose another action name");
        }
        IFunction target;
        IGrantable grantee;
        Function concrete;
        String metricsName;
        int timeoutSeconds;
        if (options.function() != null) {
            target = options.function();
            grantee = target;
            concrete = concrete(target);
            metricsName = concrete != null ? concrete.getFunctionName() : underlying(target).getFunctionName();
            timeoutSeconds = concrete != null && concrete.getTimeout() != null
                    ? concrete.getTimeout().toSeconds().intValue() : LAMBDA_DEFAULT_TIMEOUT_SECONDS;
            if (concrete != null && options.tableAccess() != TableAccess.NONE) {
                concrete.addEnvironment(EnvVars.TABLE_NAME, table.tableName());
            }
            if (concrete != null && concrete.getRole() != null) {
                Nag.routeGrants(concrete.getRole(), b, table);
            }
        } else {
            FunctionSpec fn = FunctionSpec.of(name, options.handler()).withTableAccess(options.tableAccess());
            fn = options.managementApi() ? fn.withManagementApi() : fn;
            target = handlers.add(fn, options.code() != null ? options.code() : code);
            grantee = handlers.role(name);
            concrete = handlers.function(name);
            metricsName = b.names().function(name);
            timeoutSeconds = fn.timeoutSeconds();
            Nag.handler(handlers, b, fn, table);
        }
        table.grant(grantee, options.tableAccess());
        if (options.managementApi()) {
            endpoint.grantManagementApiAccess(grantee, otherRegions, props.peerApiIds());
            if (concrete != null) {
                concrete.addEnvironment(EnvVars.CALLBACK_URL, endpoint.callbackUrl());
            }
        }
        CfnRoute route = endpoint.addRoute(spec, target);
        Nag.route(routeKey, route);
        SwitchboardRoute r = new SwitchboardRoute(spec, route, target,
                monitoring.addFunction(name, metricsName, timeoutSeconds));
        added.add(r);
        return r;
    }

    /** The short name of a route's function: the key in lower case, '_' as '-'. */
    private static String shortName(String routeKey) {
        return routeKey.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The function behind a version or an alias, or the function itself. */
    private static IFunction underlying(IFunction fn) {
        if (fn instanceof IAlias a) {
            return a.getVersion().getLambda();
        }
        if (fn instanceof IVersion v) {
            return v.getLambda();
        }
        return fn;
    }

    /** The {@link Function} behind {@code fn}, or null (an imported function). */
    private static Function concrete(IFunction fn) {
        return underlying(fn) instanceof Function f ? f : null;
    }

    /** The blueprint's routes, then those {@link #addRoute} added: what the guards judge. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(props.blueprint().routes());
        added.forEach(r -> all.add(r.spec()));
        return List.copyOf(all);
    }

    /** The routes {@link #addRoute} added, in order. */
    public List<SwitchboardRoute> addedRoutes() {
        return List.copyOf(added);
    }

    /** The blueprint this Switchboard renders (with the Props' system name and edge setting applied). */
    public Blueprint blueprint() {
        return props.blueprint();
    }

    /**
     * The URL clients connect to: with the edge the distribution's {@code wss://<domain>}, without it the stage's
     * {@code wss://<api>.execute-api.<region>.<suffix>/<stage>}.
     */
    public String webSocketUrl() {
        return distribution != null ? distribution.webSocketUrl() : endpoint.stage().getUrl();
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

    /** The CloudFront distribution, or null without the edge. */
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
