package dev.switchboard.pulumi;

import com.pulumi.aws.apigateway.Account;
import com.pulumi.aws.apigateway.AccountArgs;
import com.pulumi.aws.apigatewayv2.Api;
import com.pulumi.aws.apigatewayv2.ApiArgs;
import com.pulumi.aws.apigatewayv2.Authorizer;
import com.pulumi.aws.apigatewayv2.AuthorizerArgs;
import com.pulumi.aws.apigatewayv2.Integration;
import com.pulumi.aws.apigatewayv2.IntegrationArgs;
import com.pulumi.aws.apigatewayv2.Route;
import com.pulumi.aws.apigatewayv2.RouteArgs;
import com.pulumi.aws.apigatewayv2.RouteResponse;
import com.pulumi.aws.apigatewayv2.RouteResponseArgs;
import com.pulumi.aws.apigatewayv2.Stage;
import com.pulumi.aws.apigatewayv2.StageArgs;
import com.pulumi.aws.apigatewayv2.inputs.StageAccessLogSettingsArgs;
import com.pulumi.aws.apigatewayv2.inputs.StageDefaultRouteSettingsArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.AuthorizerSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The region's WebSocket API (the CDK construct of the same name): route selection
 * {@value dev.switchboard.blueprint.Route#SELECTION_EXPRESSION}, a stage named after the environment with auto-deploy,
 * detailed metrics and default route throttling from {@link Limits}; access logs only per {@link AccessLogs} (off by
 * default: they need the account's API Gateway CloudWatch role, a per-account, per-region singleton); then, through
 * {@link #connect}, the REQUEST authorizer on {@code $connect}, one integration per route, route responses on two-way
 * routes and Lambda permissions scoped to each route's (and the authorizer's) source ARN, all through the functions'
 * {@code live} alias.
 */
public final class WebSocketEndpoint extends ComponentResource {
    public static final String TYPE = "switchboard:index:WebSocketEndpoint";
    /** Access log format (JSON, one line per request). */
    static final Map<String, String> ACCESS_LOG_FORMAT = accessLogFormat();
    static final String PUSH_TO_CLOUDWATCH = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

    private final Blueprint blueprint;
    private final Placement placement;
    private final Api api;
    private final Stage stage;
    private final List<Route> routes = new ArrayList<>();
    private Authorizer authorizer;

    WebSocketEndpoint(String name, Blueprint blueprint, Placement placement, Resource parent) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        this.blueprint = blueprint;
        this.placement = placement;
        Environment env = blueprint.environment();
        Limits limits = blueprint.limits();
        this.api = new Api(placement.name("api"), ApiArgs.builder()
                .name(blueprint.names().api())
                .description("Switchboard WebSocket API (" + env.name() + ", " + placement.region() + ")")
                .protocolType("WEBSOCKET")
                .routeSelectionExpression(dev.switchboard.blueprint.Route.SELECTION_EXPRESSION)
                .build(), placement.under(this));

        StageArgs.Builder stageArgs = StageArgs.builder()
                .apiId(api.id())
                .name(env.stageName())
                .autoDeploy(true)
                .defaultRouteSettings(StageDefaultRouteSettingsArgs.builder()
                        .throttlingRateLimit(limits.stageRateLimit())
                        .throttlingBurstLimit(limits.stageBurstLimit())
                        .detailedMetricsEnabled(true)
                        .build());
        List<Resource> stageDeps = new ArrayList<>();
        if (env.accessLogs().enabled()) {
            LogGroup accessLog = new LogGroup(placement.name("access-logs"), LogGroupArgs.builder()
                    .name(blueprint.names().accessLogGroup())
                    .retentionInDays(env.logRetentionDays())
                    .build(), placement.under(this));
            stageArgs.accessLogSettings(StageAccessLogSettingsArgs.builder()
                    .destinationArn(accessLog.arn())
                    .format(Json.write(ACCESS_LOG_FORMAT))
                    .build());
            if (env.accessLogs() == AccessLogs.CREATE_ACCOUNT_ROLE) {
                stageDeps.add(accountRole());
            }
        }
        this.stage = new Stage(placement.name("stage"), stageArgs.build(), placement.under(this, stageDeps));
        registerOutputs(Map.of("apiId", api.id(), "callbackUrl", callbackUrl()));
    }

    /** The account's API Gateway CloudWatch role in this region (CREATE_ACCOUNT_ROLE only). */
    private Account accountRole() {
        Role role = new Role(placement.name("apigateway-cloudwatch-role"), RoleArgs.builder()
                .description("API Gateway access logs (account setting, " + placement.region() + ")")
                .assumeRolePolicy(PolicyDocument.trust("apigateway.amazonaws.com"))
                .build(), placement.under(this));
        RolePolicyAttachment attachment = new RolePolicyAttachment(placement.name("apigateway-cloudwatch-policy"),
                RolePolicyAttachmentArgs.builder().role(role.name()).policyArn(PUSH_TO_CLOUDWATCH).build(),
                placement.under(this));
        return new Account(placement.name("apigateway-account"), AccountArgs.builder()
                .cloudwatchRoleArn(role.arn())
                .build(), placement.under(this, List.of(attachment)));
    }

    /** Adds the authorizer, integrations, routes, route responses and permissions for {@code handlers}. */
    void connect(Handlers handlers) {
        AuthorizerSpec auth = blueprint.authorizer();
        if (auth != null) {
            Handlers.Deployed fn = handlers.function(auth.function());
            AuthorizerArgs.Builder args = AuthorizerArgs.builder()
                    .apiId(api.id())
                    .name(auth.name())
                    .authorizerType("REQUEST")
                    .authorizerUri(fn.alias().invokeArn());
            List<String> sources = identitySources(auth, blueprint.environment().edge());
            if (!sources.isEmpty()) {
                args.identitySources(sources); // none at all rather than an empty list
            }
            authorizer = new Authorizer(placement.name("authorizer-" + auth.name()), args.build(), placement.under(this));
            permission("authorizer-" + auth.name(), fn,
                    Output.tuple(api.executionArn(), authorizer.id()).applyValue(t -> t.t1 + "/authorizers/" + t.t2));
        }
        for (dev.switchboard.blueprint.Route r : blueprint.routes()) {
            Handlers.Deployed fn = handlers.function(r.function());
            String key = r.routeKey();
            Integration integration = new Integration(placement.name("integration-" + key), IntegrationArgs.builder()
                    .apiId(api.id())
                    .integrationType("AWS_PROXY")
                    .integrationMethod("POST")
                    .integrationUri(fn.alias().invokeArn())
                    .build(), placement.under(this));
            RouteArgs.Builder args = RouteArgs.builder()
                    .apiId(api.id())
                    .routeKey(key)
                    .target(integration.id().applyValue(id -> "integrations/" + id));
            if (r.authorized()) {
                args.authorizationType("CUSTOM").authorizerId(authorizer.id());
            }
            if (r.twoWay()) {
                args.routeResponseSelectionExpression("$default");
            }
            Route route = new Route(placement.name("route-" + key), args.build(), placement.under(this));
            routes.add(route);
            if (r.twoWay()) {
                new RouteResponse(placement.name("route-response-" + key), RouteResponseArgs.builder()
                        .apiId(api.id())
                        .routeId(route.id())
                        .routeResponseKey("$default")
                        .build(), placement.under(this));
            }
            permission("route-" + key, fn, api.executionArn().applyValue(arn -> routeSourceArn(arn, key)));
        }
    }

    /**
     * The blueprint's identity sources plus, with the edge, the origin header CloudFront adds: API Gateway answers 401
     * without invoking the authorizer when one is missing, so a direct execute-api handshake costs no Lambda
     * invocation (API Gateway v2 API reference, Authorizer IdentitySource,
     * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html). The token is never
     * one: the authorizer reads it from the query string or {@code Sec-WebSocket-Protocol} (see
     * {@link AuthorizerSpec}). No result TTL is set: WebSocket authorizers do not cache, and with the origin header as
     * the only identity source a cached result would be shared by every user. The local API reads the blueprint's
     * identity sources and does not require the header; without the edge no one adds it.
     */
    static List<String> identitySources(AuthorizerSpec auth, boolean edge) {
        return edge ? auth.withOriginHeader(EdgeDistribution.ORIGIN_HEADER_NAME).identitySources()
                : auth.identitySources();
    }

    /** The source ARN API Gateway presents when it invokes a route's integration on this stage. */
    String routeSourceArn(String executionArn, String routeKey) {
        return executionArn + "/" + blueprint.environment().stageName() + "/" + routeKey;
    }

    private void permission(String suffix, Handlers.Deployed fn, Output<String> sourceArn) {
        new Permission(placement.name("invoke-" + suffix), PermissionArgs.builder()
                .action("lambda:InvokeFunction")
                .function(fn.function().name())
                .qualifier(fn.alias().name())
                .principal("apigateway.amazonaws.com")
                .sourceAccount(blueprint.environment().requireAccount())
                .sourceArn(sourceArn)
                .build(), placement.under(this));
    }

    private static Map<String, String> accessLogFormat() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("requestId", "$context.requestId");
        m.put("ip", "$context.identity.sourceIp");
        m.put("requestTime", "$context.requestTime");
        m.put("routeKey", "$context.routeKey");
        m.put("eventType", "$context.eventType");
        m.put("status", "$context.status");
        m.put("connectionId", "$context.connectionId");
        m.put("integrationError", "$context.integrationErrorMessage");
        m.put("authorizerError", "$context.authorizer.error");
        return java.util.Collections.unmodifiableMap(m);
    }

    public Api api() {
        return api;
    }

    public Stage stage() {
        return stage;
    }

    /** {@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}: the management API endpoint. */
    public Output<String> callbackUrl() {
        String suffix = ".execute-api." + placement.region() + ".amazonaws.com/" + blueprint.environment().stageName();
        return api.id().applyValue(id -> "https://" + id + suffix);
    }

    /**
     * {@code wss://<api>.execute-api.<region>.amazonaws.com/<stage>}: the URL clients use without the edge (add
     * {@code ?token=<JWT>}; the WebSocket URL API Gateway gives a stage, as CDK's {@code WebSocketStage.url}).
     */
    public Output<String> websocketUrl() {
        String suffix = ".execute-api." + placement.region() + ".amazonaws.com/" + blueprint.environment().stageName();
        return api.id().applyValue(id -> "wss://" + id + suffix);
    }

    /** The host CloudFront uses as the origin. */
    public Output<String> originDomain() {
        String suffix = ".execute-api." + placement.region() + ".amazonaws.com";
        return api.id().applyValue(id -> id + suffix);
    }

    /** This stage's {@code @connections} resources, for {@code execute-api:ManageConnections}. */
    public Output<String> connectionsArn() {
        String stageName = blueprint.environment().stageName();
        return api.executionArn().applyValue(arn -> arn + "/" + stageName + "/*/@connections/*");
    }

    public String region() {
        return placement.region();
    }
}
