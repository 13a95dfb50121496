package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Route;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The regional stacks of prod (three regions, us-east-1 primary) and dev (one region), against the blueprint. */
class RegionalStackTest {
    private final Synthesized prod = Synthesized.of("prod");
    private final Synthesized dev = Synthesized.of("dev");
    private final Blueprint bp = prod.deployment.blueprint();
    private final Stack primary = prod.regional("us-east-1");
    private final Stack replica = prod.regional("eu-west-1");
    private final Switchboard primaryBoard = prod.deployment.switchboards().get(0);

    @Test
    void prod_hasOneRegionalStackPerRegion_plusTheEdgeStack() {
        // GIVEN the prod environment  WHEN synthesized  THEN
        assertThat(prod.deployment.regional().keySet()).containsExactlyElementsOf(List.of("us-east-1", "eu-west-1",
                "ap-northeast-1"));
        assertThat(prod.templates.keySet()).containsExactlyInAnyOrder("switchboard-prod-edge",
                "switchboard-prod-us-east-1", "switchboard-prod-eu-west-1", "switchboard-prod-ap-northeast-1");
        assertThat(prod.edge().getRegion()).isEqualTo("us-east-1");
        assertThat(primary.getAccount()).isEqualTo("333333333333");
    }

    @Test
    void api_usesActionRouteSelection_andOneRoutePerBlueprintRoute() {
        Template t = prod.template(primary);
        t.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET",
                "RouteSelectionExpression", "$request.body.action", "Name", "switchboard-prod"));
        t.resourceCountIs("AWS::ApiGatewayV2::Route", bp.routes().size());
        t.resourceCountIs("AWS::ApiGatewayV2::Integration", bp.routes().size());
        for (Route r : bp.routes()) {
            t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", r.routeKey(),
                    "AuthorizationType", r.authorized() ? "CUSTOM" : "NONE"));
        }
    }

    @Test
    void twoWayRoutes_haveRouteResponses_andOneWayRoutesDoNot() {
        Template t = prod.template(primary);
        long twoWay = bp.routes().stream().filter(Route::twoWay).count();
        t.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", (int) twoWay);
        Map<String, Map<String, Object>> routes = Cfn.resources(prod.json(primary), "AWS::ApiGatewayV2::Route");
        for (Route r : bp.routes()) {
            Map<String, Object> route = routes.values().stream()
                    .filter(x -> r.routeKey().equals(Cfn.props(x).get("RouteKey"))).findFirst().orElseThrow();
            assertThat(Cfn.props(route).get("RouteResponseSelectionExpression")).as(r.routeKey())
                    .isEqualTo(r.twoWay() ? "$default" : null);
        }
        t.hasResourceProperties("AWS::ApiGatewayV2::RouteResponse", Map.of("RouteResponseKey", "$default",
                "RouteId", Cfn.ref(primaryBoard.endpoint().routes().get("join"))));
    }

    @Test
    void connectRoute_usesTheRequestAuthorizer_withTheOriginHeaderAsItsOnlyIdentitySource() {
        // a handshake without CloudFront's header gets API Gateway's own 401, no authorizer invocation; the token is no
        // identity source (the authorizer reads it from the query string or Sec-WebSocket-Protocol, and a required
        // query token would refuse every header-transport handshake with 401); the local API reads the blueprint's
        // identity sources, which stay empty
        assertThat(bp.authorizer().identitySources()).isEmpty();
        Template t = prod.template(primary);
        t.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 1);
        t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "REQUEST",
                "IdentitySource", List.of("route.request.header.x-switchboard-origin"),
                "AuthorizerUri", Cfn.join("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                        Cfn.ref(primaryBoard.handlers().alias("authorizer")), "/invocations")));
        t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$connect",
                "AuthorizationType", "CUSTOM", "AuthorizerId", Match.anyValue()));
        // no result cache: with the origin header as the only identity source it would serve one user's Allow to all
        t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerResultTtlInSeconds", Match.absent()));
    }

    @Test
    void everyIntegration_targetsTheLiveAliasOfItsRoutesFunction() {
        Template t = prod.template(primary);
        for (Route r : bp.routes()) {
            t.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of("IntegrationType", "AWS_PROXY",
                    "IntegrationMethod", "POST",
                    "IntegrationUri", Cfn.join("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                            Cfn.ref(primaryBoard.handlers().alias(r.function())), "/invocations")));
        }
    }

    @Test
    void everyRoutePermission_isScopedToItsStageAndRoute_throughTheAlias() {
        Template t = prod.template(primary);
        Object api = Cfn.ref(primaryBoard.endpoint().api());
        for (Route r : bp.routes()) {
            t.hasResourceProperties("AWS::Lambda::Permission", Map.of("Action", "lambda:InvokeFunction",
                    "Principal", "apigateway.amazonaws.com",
                    "FunctionName", Cfn.ref(primaryBoard.handlers().alias(r.function())),
                    "SourceArn", Cfn.join("arn:aws:execute-api:us-east-1:333333333333:", api,
                            "/prod/" + r.routeKey())));
        }
        t.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", Cfn.ref(primaryBoard.handlers().alias("authorizer")),
                "SourceArn", Cfn.join("arn:aws:execute-api:us-east-1:333333333333:", api, "/authorizers/",
                        Map.of("Ref", Match.stringLikeRegexp("Authorizer")))));
    }

    @Test
    void stage_autoDeploys_withBlueprintThrottling_detailedMetrics_andNoAccessLogsByDefault() {
        Template t = prod.template(primary);
        t.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("StageName", "prod", "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("DetailedMetricsEnabled", true,
                        "ThrottlingRateLimit", bp.limits().stageRateLimit(),
                        "ThrottlingBurstLimit", bp.limits().stageBurstLimit()),
                "AccessLogSettings", Match.absent()));
        t.resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    void functions_followTheBlueprint_java21_snapStart_liveAlias() {
        Template t = prod.template(primary);
        t.resourceCountIs("AWS::Lambda::Alias", bp.deployedFunctions().size());
        for (FunctionSpec fn : bp.deployedFunctions()) {
            t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", bp.functionName(fn),
                    "Runtime", "java21", "Architectures", List.of(fn.architecture().awsName()),
                    "MemorySize", fn.memoryMb(), "Timeout", fn.timeoutSeconds(), "Handler", fn.handler(),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
            t.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live",
                    "FunctionName", Cfn.ref(primaryBoard.handlers().function(fn.name()))));
            t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/lambda/"
                    + bp.functionName(fn), "RetentionInDays", bp.environment().logRetentionDays()));
        }
    }

    @Test
    void functionEnvironment_isTheBlueprintsStaticEnvironment_plusTheEndpoints() {
        Template t = prod.template(primary);
        FunctionSpec send = bp.function("send");
        Map<String, Object> expected = new java.util.TreeMap<>(bp.staticEnvironment(send));
        expected.put(EnvVars.TABLE_NAME, "switchboard-prod-connections");
        expected.put(EnvVars.REGION, "us-east-1");
        expected.put(EnvVars.CALLBACK_URL, Cfn.join("https://", Cfn.ref(primaryBoard.endpoint().api()),
                ".execute-api.us-east-1.", Map.of("Ref", "AWS::URLSuffix"), "/prod"));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "switchboard-prod-send",
                "Environment", Map.of("Variables", expected)));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "switchboard-prod-authorizer",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        EnvVars.JWT_SECRET_ARN, Cfn.ref(primaryBoard.secrets().jwtSecret()),
                        EnvVars.ORIGIN_SECRET_ARN, primary.resolve(primaryBoard.secrets().originSecretArn()),
                        EnvVars.ORIGIN_HEADER_NAME, Switchboard.DEFAULT_ORIGIN_HEADER,
                        EnvVars.JWT_ISSUER, "switchboard", EnvVars.JWT_AUDIENCE, "switchboard-prod")))));
    }

    @Test
    void primaryRegion_createsTheGlobalTable_withAReplicaPerRegion_protectedInProd() {
        Template t = prod.template(primary);
        t.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
        t.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "RetainExceptOnCreate", "UpdateReplacePolicy",
                "Retain"));
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "TableName", "switchboard-prod-connections",
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(Map.of("AttributeName", ConnectionSchema.PK, "KeyType", "HASH"),
                        Map.of("AttributeName", ConnectionSchema.SK, "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", ConnectionSchema.TTL, "Enabled", true),
                "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS"),
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", ConnectionSchema.GSI1))),
                "Replicas", List.of(
                        Match.objectLike(Map.of("Region", "eu-west-1")),
                        Match.objectLike(Map.of("Region", "ap-northeast-1")),
                        Match.objectLike(Map.of("Region", "us-east-1", "DeletionProtectionEnabled", Match.absent(),
                                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))))));
        // protection comes after the rest of the stack, one UpdateTable per replica (TableProtection)
        for (String region : List.of("us-east-1", "eu-west-1", "ap-northeast-1")) {
            t.hasResourceProperties("Custom::AWS", Map.of("Create", Match.serializedJson(Match.objectLike(Map.of(
                    "service", "DynamoDB", "action", "UpdateTable", "region", region, "parameters", Map.of(
                            "TableName", "switchboard-prod-connections", "DeletionProtectionEnabled", true)))),
                    "Delete", Match.serializedJson(Match.objectLike(Map.of("parameters", Map.of(
                            "TableName", "switchboard-prod-connections", "DeletionProtectionEnabled", false))))));
        }
        prod.template(replica).resourceCountIs("AWS::DynamoDB::GlobalTable", 0);
        prod.template(replica).hasResourceProperties("AWS::Lambda::Function", Map.of("Environment",
                Map.of("Variables", Match.objectLike(Map.of(EnvVars.TABLE_NAME, "switchboard-prod-connections")))));
    }

    @Test
    void dev_tableHasNoPitrNoDeletionProtection_andIsDestroyed() {
        Stack d = dev.regional("us-east-1");
        Template t = dev.template(d);
        t.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Delete"));
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of("Replicas", List.of(Match.objectLike(Map.of(
                "Region", "us-east-1", "DeletionProtectionEnabled", false,
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", false))))));
    }

    @Test
    void secrets_areGeneratedInSecretsManager_andReplicated_neverWrittenInTheTemplate() {
        // the JWT secret belongs to the primary region's stack, the origin secret to the edge stack (deployed first)
        prod.template(prod.edge()).hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Name", "switchboard/prod/origin-header-value", "SecretString", Match.absent(),
                "GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 48)),
                "ReplicaRegions", List.of(Map.of("Region", "eu-west-1"), Map.of("Region", "ap-northeast-1"))));
        Template t = prod.template(primary);
        t.resourceCountIs("AWS::SecretsManager::Secret", 1);
        t.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "switchboard/prod/jwt-signing",
                "GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 64)),
                "SecretString", Match.absent(),
                "ReplicaRegions", List.of(Map.of("Region", "eu-west-1"), Map.of("Region", "ap-northeast-1"))));
        prod.template(replica).resourceCountIs("AWS::SecretsManager::Secret", 0);
    }

    @Test
    void distribution_disablesCaching_forwardsAllButHost_httpsOnlyOrigin_withWebAclAndOriginSecret() {
        Template t = prod.template(primary);
        t.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultCacheBehavior", Match.objectLike(Map.of(
                        "CachePolicyId", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
                        "OriginRequestPolicyId", "b689b0a8-53d0-40ab-baf2-68738e2966ac",
                        "ViewerProtocolPolicy", "https-only")),
                "WebACLId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("WebAclArn"), "Parameter.Value")),
                "Origins", List.of(Match.objectLike(Map.of(
                        "DomainName", Cfn.join(Cfn.ref(primaryBoard.endpoint().api()), ".execute-api.us-east-1.",
                                Map.of("Ref", "AWS::URLSuffix")),
                        "OriginPath", "/prod",
                        "CustomOriginConfig", Match.objectLike(Map.of("OriginProtocolPolicy", "https-only",
                                "OriginSSLProtocols", List.of("TLSv1.2"))),
                        "OriginCustomHeaders", List.of(Map.of("HeaderName", Switchboard.DEFAULT_ORIGIN_HEADER,
                                "HeaderValue",
                                "{{resolve:secretsmanager:switchboard/prod/origin-header-value:SecretString:::}}")))))))));
        prod.template(replica).hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig",
                Match.objectLike(Map.of("Origins", List.of(Match.objectLike(Map.of("OriginCustomHeaders", List.of(
                        Map.of("HeaderName", Switchboard.DEFAULT_ORIGIN_HEADER, "HeaderValue",
                                "{{resolve:secretsmanager:switchboard/prod/origin-header-value:SecretString:::}}")))))))));
    }

    @Test
    void webAclArn_isReadFromTheEdgeParameterInUsEast1_byOneExactGetParameter() {
        Template t = prod.template(replica);
        t.hasResourceProperties("Custom::AWS", Map.of("Create", Match.serializedJson(Match.objectLike(Map.of(
                "service", "SSM", "action", "GetParameter", "region", "us-east-1",
                "parameters", Map.of("Name", "/switchboard/prod/edge/web-acl-arn"))))));
        // the permission is an inline policy of the provider's role, in place before the provider exists
        t.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of("PolicyName", "DeployTimeCalls",
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", Match.arrayWith(List.of(Map.of(
                        "Action", "ssm:GetParameter", "Effect", "Allow", "Resource",
                        "arn:aws:ssm:us-east-1:333333333333:parameter/switchboard/prod/edge/web-acl-arn"))))))));
    }

    @Test
    void monitoring_createsTheBlueprintsAlarms_perResourceKind_notifyingTheTopic() {
        Template t = prod.template(primary);
        long api = bp.alarms().stream().filter(a -> a.kind() == AlarmSpec.Kind.API).count();
        long fn = bp.alarms().stream().filter(a -> a.kind() == AlarmSpec.Kind.FUNCTION).count();
        long table = bp.alarms().stream().filter(a -> a.kind() == AlarmSpec.Kind.TABLE).count();
        // plus the fan-out dead-letter queue's alarm (FanoutQueue)
        t.resourceCountIs("AWS::CloudWatch::Alarm", (int) (api + fn * bp.deployedFunctions().size() + table + 1));
        t.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        t.resourceCountIs("AWS::SNS::Subscription", 0);
        FunctionSpec send = bp.function("send");
        AlarmSpec p99 = bp.alarms().stream().filter(a -> a.metric().equals("Duration")).findFirst().orElseThrow();
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda",
                "MetricName", "Duration", "ExtendedStatistic", "p99", "Threshold", p99.thresholdFor(send),
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", "switchboard-prod-send")),
                "AlarmActions", List.of(Cfn.ref(primaryBoard.monitoring().topic()))));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "IntegrationError",
                "Namespace", "AWS/ApiGateway", "Dimensions", List.of(
                        Map.of("Name", "ApiId", "Value", Cfn.ref(primaryBoard.endpoint().api())),
                        Map.of("Name", "Stage", "Value", "prod"))));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName",
                "switchboard-prod-us-east-1-table-throttled-requests", "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Metric", Map.of(
                                "Namespace", "AWS/DynamoDB", "MetricName", "ThrottledRequests",
                                "Dimensions", Match.arrayWith(List.of(Map.of("Name", "TableName",
                                        "Value", "switchboard-prod-connections"))))))))))));
        t.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void outputs_giveTheCloudFrontUrl_theCallbackUrl_theTable_andTheDashboard() {
        Template t = prod.template(primary);
        t.hasOutput("*", Map.of("Value", Cfn.join("wss://", Map.of("Fn::GetAtt",
                List.of(Cfn.id(primaryBoard.distribution().distribution()), "DomainName")))));
        t.hasOutput("*", Map.of("Value", Cfn.join("https://", Cfn.ref(primaryBoard.endpoint().api()),
                ".execute-api.us-east-1.", Map.of("Ref", "AWS::URLSuffix"), "/prod")));
        t.hasOutput("*", Map.of("Value", "switchboard-prod-connections"));
        t.hasOutput("*", Map.of("Value", Cfn.ref(primaryBoard.monitoring().dashboard())));
    }

    @Test
    void resources_areTaggedWithTheSystemAndEnvironment() {
        prod.template(primary).hasResourceProperties("AWS::Lambda::Function", Map.of("Tags", Match.arrayWith(List.of(
                Map.of("Key", "switchboard:environment", "Value", "prod"),
                Map.of("Key", "switchboard:system", "Value", "switchboard")))));
        prod.template(prod.edge()).hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Tags", Match.arrayWith(
                List.of(Map.of("Key", "switchboard:environment", "Value", "prod")))));
    }

    @Test
    void stacks_dependOnTheEdgeStack_andReplicasOnThePrimary() {
        assertThat(replica.getDependencies()).extracting(Stack::getStackName)
                .containsExactlyInAnyOrder("switchboard-prod-edge", "switchboard-prod-us-east-1");
        assertThat(primary.getDependencies()).extracting(Stack::getStackName)
                .containsExactly("switchboard-prod-edge");
    }
}
