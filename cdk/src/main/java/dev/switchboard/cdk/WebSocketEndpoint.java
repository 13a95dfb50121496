package dev.switchboard.cdk;

import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigatewayv2.CfnAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnRouteResponse;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The WebSocket API: route selection {@value Route#SELECTION_EXPRESSION}, one Lambda proxy integration per blueprint
 * route (through the {@value Blueprint#LIVE_ALIAS} alias), a route response on every two-way route, the REQUEST
 * authorizer on {@code $connect}, a stage named after the environment with auto-deploy, the blueprint's default route
 * throttling and detailed metrics, and one Lambda permission per route whose source ARN is exactly that route.
 * Access logs follow {@link AccessLogs}: off by default; with {@link AccessLogs#CREATE_ACCOUNT_ROLE} this construct
 * creates the region's API Gateway CloudWatch role ({@code AWS::ApiGateway::Account}) and the stage depends on it.
 */
public final class WebSocketEndpoint extends Construct {
    /**
     * @param blueprint        routes, authorizer, limits and the environment (stage name, access logs, retention)
     * @param handlers         the functions the routes and the authorizer invoke
     * @param originHeaderName the header CloudFront adds (default null: none). When set it is an identity source of
     *                         the authorizer as well, so API Gateway itself answers 401 to a handshake without it
     *                         (a direct execute-api call) and the authorizer is never invoked for one
     */
    public record Props(Blueprint blueprint, Handlers handlers, String originHeaderName) {
        /** Without an origin header (no CloudFront in front). */
        public Props(Blueprint blueprint, Handlers handlers) {
            this(blueprint, handlers, null);
        }
    }

    /**
     * The authorizer's identity sources: the blueprint's (none by default: the authorizer reads the token from the query
     * string or {@code Sec-WebSocket-Protocol} itself, see {@link dev.switchboard.blueprint.AuthorizerSpec}) plus, with
     * an origin header, {@code route.request.header.<name>}. No result TTL is set: WebSocket authorizers do not cache
     * results, and with the origin header as the only identity source a cached result would serve every user. API Gateway answers 401 without invoking a REQUEST authorizer when an
     * identity source is missing (API Gateway v2 API reference, Authorizer IdentitySource,
     * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html; WebSocket REQUEST
     * authorizers, https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html). Only the
     * cloud renderers add the header: the local API reads the blueprint's identity source and has no CloudFront.
     */
    public static List<String> identitySources(Blueprint blueprint, String originHeaderName) {
        return originHeaderName == null ? blueprint.authorizer().identitySources()
                : blueprint.authorizer().withOriginHeader(originHeaderName).identitySources();
    }

    /** Null for no identity source, so that the template leaves {@code IdentitySource} out rather than empty. */
    private static List<String> sourcesOrNull(List<String> sources) {
        return sources.isEmpty() ? null : sources;
    }

    private final WebSocketApi api;
    private final WebSocketStage stage;
    private final CfnAuthorizer authorizer;
    private final Map<String, CfnRoute> routes = new LinkedHashMap<>();
    private final Blueprint blueprint;
    private CfnAccount account;
    private LogGroup accessLogGroup;

    public WebSocketEndpoint(Construct scope, String id, Props props) {
        super(scope, id);
        this.blueprint = props.blueprint();
        Stack stack = Stack.of(this);
        String region = Regional.region(this);
        String envName = blueprint.environment().name();
        this.api = WebSocketApi.Builder.create(this, "Resource")
                .apiName(blueprint.names().api())
                .description("Switchboard WebSocket API (" + envName + ", " + region + ")")
                .routeSelectionExpression(Route.SELECTION_EXPRESSION)
                .build();
        this.stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(envName)
                .autoDeploy(true)
                .detailedMetricsEnabled(true)
                .throttle(ThrottleSettings.builder().rateLimit(blueprint.limits().stageRateLimit())
                        .burstLimit(blueprint.limits().stageBurstLimit()).build())
                .build();
        configureAccessLogs(blueprint.environment().accessLogs());

        if (blueprint.authorizer() != null) {
            Alias fn = props.handlers().alias(blueprint.authorizer().function());
            this.authorizer = CfnAuthorizer.Builder.create(this, "Authorizer")
                    .apiId(api.getApiId())
                    .name(blueprint.authorizer().name())
                    .authorizerType("REQUEST")
                    .identitySource(sourcesOrNull(identitySources(blueprint, props.originHeaderName())))
                    .authorizerUri(invokeUri(fn))
                    .build();
            CfnPermission.Builder.create(this, "AuthorizerPermission")
                    .action("lambda:InvokeFunction")
                    .principal("apigateway.amazonaws.com")
                    .sourceAccount(stack.getAccount())
                    .functionName(fn.getFunctionArn())
                    .sourceArn(executeApiArn("authorizers/" + authorizer.getRef()))
                    .build();
        } else {
            this.authorizer = null;
        }

        for (Route r : blueprint.routes()) {
            addRoute(r, props.handlers().alias(r.function()));
        }
    }

    /**
     * Adds route {@code r} integrated with {@code target} (a Lambda proxy integration of its ARN: for Switchboard's
     * handlers the {@value Blueprint#LIVE_ALIAS} alias), a route response when it is two-way, and a Lambda
     * permission whose source ARN is exactly {@code <stage>/<routeKey>}.
     *
     * @return the route
     */
    public CfnRoute addRoute(Route r, IFunction target) {
        if (routes.containsKey(r.routeKey())) {
            throw new BlueprintException("routes." + r.routeKey(), "the API has this route already",
                    "choose another route key (routes are " + routes.keySet() + ")");
        }
        Stack stack = Stack.of(this);
        String envName = blueprint.environment().name();
        Construct c = new Construct(this, "Route" + Regional.idOf(r.routeKey()));
        CfnIntegration integration = CfnIntegration.Builder.create(c, "Integration")
                .apiId(api.getApiId())
                .integrationType("AWS_PROXY")
                .integrationMethod("POST")
                .integrationUri(invokeUri(target))
                .build();
        CfnRoute.Builder rb = CfnRoute.Builder.create(c, "Resource")
                .apiId(api.getApiId())
                .routeKey(r.routeKey())
                .target("integrations/" + integration.getRef());
        if (r.authorized() && authorizer != null) {
            rb.authorizationType("CUSTOM").authorizerId(authorizer.getRef());
        } else {
            rb.authorizationType("NONE");
        }
        if (r.twoWay()) {
            rb.routeResponseSelectionExpression("$default");
        }
        CfnRoute route = rb.build();
        if (r.twoWay()) {
            CfnRouteResponse.Builder.create(c, "Response")
                    .apiId(api.getApiId())
                    .routeId(route.getRef())
                    .routeResponseKey("$default")
                    .build();
        }
        CfnPermission.Builder.create(c, "Permission")
                .action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com")
                .sourceAccount(stack.getAccount())
                .functionName(target.getFunctionArn())
                .sourceArn(executeApiArn(envName + "/" + r.routeKey()))
                .build();
        routes.put(r.routeKey(), route);
        return route;
    }

    private void configureAccessLogs(AccessLogs mode) {
        if (!mode.enabled()) {
            return;
        }
        CfnStage cfnStage = (CfnStage) stage.getNode().getDefaultChild();
        if (mode == AccessLogs.CREATE_ACCOUNT_ROLE) {
            Role role = Role.Builder.create(this, "AccountRole")
                    .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                    .description("API Gateway's CloudWatch Logs role for this account and region (created by"
                            + " Switchboard because accessLogs = CREATE_ACCOUNT_ROLE)")
                    .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(
                            "service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                    .build();
            this.account = CfnAccount.Builder.create(this, "Account").cloudWatchRoleArn(role.getRoleArn()).build();
            cfnStage.addResourceDependency(account);
        }
        this.accessLogGroup = LogGroup.Builder.create(this, "AccessLogs")
                .logGroupName(blueprint.names().accessLogGroup())
                .removalPolicy(blueprint.environment().deletionProtection() ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
                        : RemovalPolicy.DESTROY)
                .build();
        ((CfnLogGroup) accessLogGroup.getNode().getDefaultChild()).setRetentionInDays(
                blueprint.environment().logRetentionDays());
        cfnStage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogGroup.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                        + "\"requestTime\":\"$context.requestTime\",\"eventType\":\"$context.eventType\","
                        + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"connectionId\":\"$context.connectionId\",\"error\":\"$context.error.message\","
                        + "\"integrationError\":\"$context.integrationErrorMessage\"}")
                .build());
    }

    private String invokeUri(IFunction fn) {
        Stack s = Stack.of(this);
        return "arn:" + s.getPartition() + ":apigateway:" + Regional.region(this)
                + ":lambda:path/2015-03-31/functions/" + fn.getFunctionArn() + "/invocations";
    }

    /** {@code arn:<partition>:execute-api:<region>:<account>:<apiId>/<resource>}. */
    public String executeApiArn(String resource) {
        Stack s = Stack.of(this);
        return "arn:" + s.getPartition() + ":execute-api:" + Regional.region(this) + ":" + s.getAccount() + ":"
                + api.getApiId() + "/" + resource;
    }

    /**
     * Lets {@code grantee} post to, read and delete connections on the environment's stage of this API and of the
     * environment's APIs in {@code otherRegions}. This API is named exactly. Another region's API is named exactly
     * when {@code peerApiIds} holds its id; otherwise (its stack deploys after this one, so its id cannot be known
     * here) the ARN names the account, the region, the environment's stage and {@code @connections} with {@code *}
     * for the API id. IAM cannot narrow that further: {@code execute-api:ManageConnections} has no condition keys
     * (Service Authorization Reference, Amazon API Gateway,
     * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigateway.html), so the bound is
     * "the @connections of any WebSocket API of this account in that region with a stage named like the environment"
     * (docs/deploy.md).
     */
    public Grant grantManagementApiAccess(IGrantable grantee, List<String> otherRegions,
                                          Map<String, String> peerApiIds) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(grantee)
                .actions(List.of("execute-api:ManageConnections"))
                .resourceArns(managementApiArns(otherRegions, peerApiIds)).build());
    }

    /** {@link #grantManagementApiAccess(IGrantable, List, Map)} without known peer ids. */
    public Grant grantManagementApiAccess(IGrantable grantee, List<String> otherRegions) {
        return grantManagementApiAccess(grantee, otherRegions, Map.of());
    }

    /** The {@code @connections} ARNs of {@link #grantManagementApiAccess(IGrantable, List, Map)}. */
    public List<String> managementApiArns(List<String> otherRegions, Map<String, String> peerApiIds) {
        Stack s = Stack.of(this);
        String stageName = blueprint.environment().name();
        List<String> arns = new ArrayList<>();
        arns.add(executeApiArn(stageName + "/*/@connections/*"));
        for (String r : otherRegions) {
            String id = peerApiIds.getOrDefault(r, "*");
            arns.add("arn:" + s.getPartition() + ":execute-api:" + r + ":" + s.getAccount() + ":" + id + "/"
                    + stageName + "/*/@connections/*");
        }
        return arns;
    }

    public WebSocketApi api() {
        return api;
    }

    public WebSocketStage stage() {
        return stage;
    }

    /** The {@code @connections} endpoint handlers post to: {@code https://<api>.execute-api.<region>.<suffix>/<stage>}. */
    public String callbackUrl() {
        return stage.getCallbackUrl();
    }

    /** The execute-api host name, the CloudFront origin. */
    public String apiDomainName() {
        Stack s = Stack.of(this);
        return api.getApiId() + ".execute-api." + Regional.region(this) + "." + s.getUrlSuffix();
    }

    /** The routes by route key. */
    public Map<String, CfnRoute> routes() {
        return java.util.Collections.unmodifiableMap(routes);
    }

    /** The API Gateway account resource, or null unless access logs create the account role. */
    public CfnAccount account() {
        return account;
    }
}
