package dev.switchboard.pulumi;

import com.google.gson.Gson;
import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Route;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.blueprint.TableSpec;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.switchboard.pulumi.ProgramRun.ACCOUNT;
import static dev.switchboard.pulumi.ProgramRun.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The dev environment (one region, us-east-1), rendered once with mocks; assertions per resource kind. */
@SuppressWarnings({"unchecked", "cast"})
class DevStackTest {
    static Blueprint blueprint;
    static ProgramRun run;
    static final String R = "us-east-1";

    @BeforeAll
    static void render() {
        // GIVEN the reference blueprint for dev WHEN the program defines it
        blueprint = ProgramRun.blueprint("dev", Map.of());
        run = ProgramRun.of(blueprint);
    }

    static Map<String, Object> in(AwsMocks.Registered r) {
        return r.inputs();
    }

    @Test
    void api_isWebSocketWithTheBlueprintsRouteSelection() {
        // THEN one WebSocket API per region, selecting routes by $request.body.action
        assertThat(run.ofType(Types.API)).singleElement().satisfies(api -> {
            assertThat(in(api)).containsEntry("protocolType", "WEBSOCKET")
                    .containsEntry("routeSelectionExpression", Route.SELECTION_EXPRESSION);
            assertThat(run.regionOf(api)).isEqualTo(R);
        });
    }

    @Test
    void routes_areTheBlueprintsRoutes_andOnlyConnectIsAuthorizedByTheRequestAuthorizer() {
        String authorizerId = "us-east-1-authorizer-jwt-id";
        assertThat(run.ofType(Types.ROUTE)).extracting(r -> in(r).get("routeKey"), r -> in(r).get("authorizationType"),
                        r -> in(r).get("authorizerId"))
                .containsExactlyInAnyOrderElementsOf(blueprint.routes().stream().map(r -> r.authorized()
                        ? tuple(r.routeKey(), "CUSTOM", authorizerId) : tuple(r.routeKey(), null, null)).toList());
        assertThat(run.ofType(Types.AUTHORIZER)).singleElement().satisfies(a -> assertThat(in(a))
                .containsEntry("authorizerType", "REQUEST")
                .containsEntry("name", blueprint.authorizer().name())
                .containsEntry("identitySources", List.of("route.request.header.x-switchboard-origin"))
                .doesNotContainKey("authorizerResultTtlInSeconds"));
        // the token is no identity source (the authorizer reads it from the query or Sec-WebSocket-Protocol), and the
        // local API renders the blueprint's identity sources itself: it must not require CloudFront's header
        assertThat(blueprint.authorizer().identitySources()).isEmpty();
    }

    @Test
    void guard_twoWayRoutesHaveRouteResponses_andOnlyThey() {
        Set<String> twoWay = blueprint.routes().stream().filter(Route::twoWay).map(Route::routeKey)
                .collect(Collectors.toSet());
        assertThat(twoWay).isNotEmpty();
        Set<String> withResponse = run.ofType(Types.ROUTE_RESPONSE).stream()
                .peek(rr -> assertThat(in(rr)).containsEntry("routeResponseKey", "$default"))
                .map(rr -> ((String) in(rr).get("routeId")).replaceFirst("^us-east-1-route-", "").replaceFirst("-id$", ""))
                .collect(Collectors.toSet());
        assertThat(withResponse).isEqualTo(twoWay);
        run.ofType(Types.ROUTE, r -> twoWay.contains((String) in(r).get("routeKey")))
                .forEach(r -> assertThat(in(r)).containsEntry("routeResponseSelectionExpression", "$default"));
    }

    /** The invoke ARN of a function's live alias, as the mocks compute it. */
    static String aliasInvokeArn(String region, FunctionSpec fn) {
        return "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/arn:aws:lambda:" + region + ":"
                + ACCOUNT + ":function:" + blueprint.functionName(fn) + ":" + Blueprint.LIVE_ALIAS + "/invocations";
    }

    @Test
    void guard_everyIntegrationAndTheAuthorizerGoThroughTheLiveAlias() {
        Map<String, String> uriByIntegrationId = new HashMap<>();
        run.ofType(Types.INTEGRATION).forEach(i -> {
            assertThat(in(i)).containsEntry("integrationType", "AWS_PROXY");
            uriByIntegrationId.put(i.name() + "-id", (String) in(i).get("integrationUri"));
        });
        for (AwsMocks.Registered route : run.ofType(Types.ROUTE)) {
            Route r = blueprint.route((String) in(route).get("routeKey"));
            String integrationId = ((String) in(route).get("target")).replaceFirst("^integrations/", "");
            assertThat(uriByIntegrationId.get(integrationId)).as(r.routeKey())
                    .isEqualTo(aliasInvokeArn(R, blueprint.function(r.function())));
        }
        assertThat(in(run.ofType(Types.AUTHORIZER).get(0)).get("authorizerUri"))
                .isEqualTo(aliasInvokeArn(R, blueprint.authorizerFunction()));
        assertThat(run.ofType(Types.ALIAS)).hasSize(blueprint.deployedFunctions().size())
                .allSatisfy(a -> assertThat(in(a)).containsEntry("name", Blueprint.LIVE_ALIAS)
                        .containsEntry("functionVersion", "1"));
    }

    @Test
    void guard_permissionsAreOnTheAliasAndScopedToTheirRoutesSourceArns() {
        String exec = "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":us-east-1-api-id";
        List<Tuple> expected = new ArrayList<>();
        blueprint.routes().forEach(r -> expected.add(tuple(blueprint.functionName(blueprint.function(r.function())),
                exec + "/dev/" + r.routeKey())));
        expected.add(tuple(blueprint.functionName(blueprint.authorizerFunction()),
                exec + "/authorizers/us-east-1-authorizer-jwt-id"));
        assertThat(run.ofType(Types.PERMISSION))
                .allSatisfy(p -> assertThat(in(p)).containsEntry("qualifier", Blueprint.LIVE_ALIAS)
                        .containsEntry("principal", "apigateway.amazonaws.com")
                        .containsEntry("sourceAccount", ACCOUNT)
                        .containsEntry("action", "lambda:InvokeFunction"))
                .extracting(p -> in(p).get("function"), p -> in(p).get("sourceArn"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void functions_followTheBlueprint_withSnapStartOnPublishedVersions() {
        assertThat(run.ofType(Types.FUNCTION)).hasSize(blueprint.deployedFunctions().size());
        for (FunctionSpec fn : blueprint.deployedFunctions()) {
            Map<String, Object> f = in(run.named(Types.FUNCTION, "us-east-1-" + fn.name()));
            assertThat(f).containsEntry("name", blueprint.functionName(fn))
                    .containsEntry("handler", fn.handler())
                    .containsEntry("runtime", Handlers.RUNTIME)
                    .containsEntry("architectures", List.of(fn.architecture().awsName()))
                    .containsEntry("memorySize", (double) fn.memoryMb())
                    .containsEntry("timeout", (double) fn.timeoutSeconds())
                    .containsEntry("publish", true)
                    .containsEntry("snapStart", Map.of("applyOn", "PublishedVersions"));
            Map<String, String> vars = at(f, "environment", "variables");
            assertThat(vars).containsAllEntriesOf(blueprint.staticEnvironment(fn))
                    .containsEntry("TABLE_NAME", "switchboard-dev-connections");
            assertThat(vars.get("CALLBACK_URL")).as(fn.name())
                    .isEqualTo(fn.managementApi() ? "https://us-east-1-api-id.execute-api.us-east-1.amazonaws.com/dev" : null);
            assertThat(vars.containsKey("JWT_SECRET_ARN")).isEqualTo(fn.jwtSecret());
            if (fn.jwtSecret()) {
                // the authorizer requires iss and aud; the defaults are the CDK app's
                assertThat(vars).containsEntry("JWT_ISSUER", "switchboard").containsEntry("JWT_AUDIENCE", "switchboard-dev")
                        .containsEntry("ORIGIN_HEADER_NAME", EdgeDistribution.ORIGIN_HEADER_NAME);
            }
        }
        assertThat(run.ofType(Types.LOG_GROUP)).allSatisfy(l -> assertThat(in(l))
                .containsEntry("retentionInDays", (double) blueprint.environment().logRetentionDays()));
    }

    @Test
    void stage_throttlesFromTheLimits_withoutAccessLogsByDefault() {
        assertThat(run.ofType(Types.STAGE)).singleElement().satisfies(s -> {
            assertThat(in(s)).containsEntry("name", "dev").containsEntry("autoDeploy", true)
                    .doesNotContainKey("accessLogSettings");
            assertThat((Object) at(in(s), "defaultRouteSettings"))
                    .isEqualTo(Map.of("throttlingRateLimit", blueprint.limits().stageRateLimit(),
                            "throttlingBurstLimit", (double) blueprint.limits().stageBurstLimit(),
                            "detailedMetricsEnabled", true));
        });
        // guard: no access logs without the account role, and no account setting taken over silently
        assertThat(run.ofType(Types.APIGW_ACCOUNT)).isEmpty();
    }

    @Test
    void table_hasTheSchemasKeysIndexTtlAndEncryption_withoutReplicasOrStreamInOneRegion() {
        TableSpec spec = blueprint.dataModel().connections();
        assertThat(run.ofType(Types.TABLE)).singleElement().satisfies(t -> {
            assertThat(run.regionOf(t)).isEqualTo(blueprint.environment().primaryRegion());
            assertThat(in(t)).containsEntry("name", "switchboard-dev-connections")
                    .containsEntry("billingMode", "PAY_PER_REQUEST")
                    .containsEntry("hashKey", spec.partitionKey().name())
                    .containsEntry("rangeKey", spec.sortKey().name())
                    .containsEntry("streamEnabled", false)
                    .containsEntry("ttl", Map.of("attributeName", spec.ttlAttribute(), "enabled", true))
                    .containsEntry("serverSideEncryption", Map.of("enabled", true))
                    .containsEntry("pointInTimeRecovery", Map.of("enabled", false))
                    .containsEntry("deletionProtectionEnabled", false);
            assertThat((List<?>) in(t).getOrDefault("replicas", List.of())).isEmpty();
            assertThat((List<Map<String, Object>>) at(in(t), "globalSecondaryIndexes")).singleElement()
                    .satisfies(g -> assertThat(g).containsEntry("name", spec.indexes().get(0).name())
                            .containsEntry("hashKey", spec.indexes().get(0).partitionKey().name())
                            .containsEntry("rangeKey", spec.indexes().get(0).sortKey().name())
                            .containsEntry("projectionType", "ALL"));
        });
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(AwsMocks.Registered policy) {
        Map<String, Object> doc = new Gson().fromJson((String) in(policy).get("policy"), Map.class);
        return (List<Map<String, Object>>) doc.get("Statement");
    }

    @Test
    void iam_grantsExactActionsOnExactResources() {
        String table = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/switchboard-dev-connections";
        for (FunctionSpec fn : blueprint.functions()) {
            List<Tuple> expected = new ArrayList<>();
            expected.add(tuple(Handlers.LOG_ACTIONS, List.of("arn:aws:logs:us-east-1:" + ACCOUNT
                    + ":log-group:/aws/lambda/" + blueprint.functionName(fn) + ":*")));
            if (fn.tableAccess() != TableAccess.NONE) {
                List<String> actions = new ArrayList<>(List.of("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
                        "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query"));
                if (fn.tableAccess() == TableAccess.READ_WRITE) {
                    actions.addAll(List.of("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
                            "dynamodb:UpdateItem"));
                }
                expected.add(tuple(actions, List.of(table, table + "/index/byUser")));
            }
            if (fn.jwtSecret()) {
                expected.add(tuple(List.of("secretsmanager:GetSecretValue"), List.of(
                        "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:switchboard/dev/jwt-signing-AbCdEf",
                        "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:switchboard/dev/origin-header-value-AbCdEf")));
            }
            AwsMocks.Registered policy = run.named(Types.ROLE_POLICY, "us-east-1-" + fn.name() + "-policy");
            assertThat(in(policy)).containsEntry("role", "us-east-1-" + fn.name() + "-role");
            assertThat(statements(policy)).as(fn.name()).extracting(s -> s.get("Action"), s -> s.get("Resource"))
                    .containsExactlyElementsOf(expected);
            List<AwsMocks.Registered> manage = run.ofType(Types.ROLE_POLICY,
                    p -> p.name().equals("us-east-1-" + fn.name() + "-manage-connections"));
            if (fn.managementApi()) {
                assertThat(statements(manage.get(0))).extracting(s -> s.get("Action"), s -> s.get("Resource"))
                        .containsExactly(tuple(List.of("execute-api:ManageConnections"), List.of(
                                "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":us-east-1-api-id/dev/*/@connections/*")));
            } else {
                assertThat(manage).as(fn.name()).isEmpty();
            }
        }
    }

    @Test
    void iam_noStatementHasAWildcardAction_andReadOnlyFunctionsCannotWrite() {
        Set<String> actions = new HashSet<>();
        run.ofType(Types.ROLE_POLICY).forEach(p -> statements(p).forEach(s -> actions.addAll((List<String>) s.get("Action"))));
        assertThat(actions).isNotEmpty().noneMatch(a -> a.contains("*"));
        assertThat(run.ofType(Types.ROLE)).allSatisfy(r -> assertThat((String) in(r).get("assumeRolePolicy"))
                .contains("lambda.amazonaws.com"));
    }

    @Test
    void cloudFront_frontsTheApiWithTheWebAclAndTheSecretOriginHeader() {
        assertThat(run.ofType(Types.DISTRIBUTION)).singleElement().satisfies(d -> {
            assertThat(in(d)).containsEntry("webAclId", "arn:aws:wafv2:us-east-1:" + ACCOUNT
                    + ":global/webacl/switchboard-dev-edge/us-east-1-web-acl-id");
            Map<String, Object> origin = at(in(d), "origins", 0);
            assertThat(origin).containsEntry("domainName", "us-east-1-api-id.execute-api.us-east-1.amazonaws.com")
                    .containsEntry("originPath", "/dev");
            assertThat((Object) at(origin, "customOriginConfig", "originProtocolPolicy")).isEqualTo("https-only");
            assertThat((List<Map<String, Object>>) origin.get("customHeaders")).singleElement()
                    .satisfies(h -> assertThat(h).containsEntry("name", EdgeDistribution.ORIGIN_HEADER_NAME)
                            .containsEntry("value", ProgramRun.ORIGIN_SECRET));
            assertThat((Object) at(in(d), "defaultCacheBehavior", "cachePolicyId")).isEqualTo(EdgeDistribution.CACHING_DISABLED);
            assertThat((Object) at(in(d), "defaultCacheBehavior", "originRequestPolicyId"))
                    .isEqualTo(EdgeDistribution.ALL_VIEWER_EXCEPT_HOST_HEADER);
        });
    }

    @Test
    void guard_webAclIsCloudFrontScopeInUsEast1_withTheBlueprintsRateLimit_andNeverAssociatedWithTheApi() {
        assertThat(run.ofType(Types.WEB_ACL)).singleElement().satisfies(acl -> {
            assertThat(in(acl)).containsEntry("scope", "CLOUDFRONT");
            assertThat(run.regionOf(acl)).isEqualTo("us-east-1");
            List<Map<String, Object>> rules = at(in(acl), "rules");
            assertThat(rules).extracting(r -> r.get("name")).containsExactly("rate-per-ip", "query-string-size",
                    "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                    "AWSManagedRulesAmazonIpReputationList", "query-string-patterns", "protocol-header-size");
            // a client without User-Agent passes; the size rule allows the largest handshake the authorizer accepts
            assertThat((Object) at(rules.get(1), "statement", "sizeConstraintStatement", "size"))
                    .isEqualTo((double) dev.switchboard.blueprint.Handshake.maxQueryStringBytes(blueprint.limits()));
            List<Map<String, Object>> overrides = at(rules.get(2), "statement", "managedRuleGroupStatement",
                    "ruleActionOverrides");
            assertThat(overrides).extracting(o -> o.get("name")).contains("NoUserAgent_HEADER",
                    "SizeRestrictions_QUERYSTRING").doesNotContain("UserAgent_BadBots_HEADER");
            assertThat((Object) at(rules.get(0), "statement", "rateBasedStatement", "limit"))
                    .isEqualTo((double) blueprint.limits().wafRatePerIp());
            // the header transport's token is bounded like the query string's (issue 27)
            assertThat((Object) at(rules.get(6), "statement", "sizeConstraintStatement", "fieldToMatch", "singleHeader",
                    "name")).isEqualTo("sec-websocket-protocol");
            assertThat((Object) at(rules.get(6), "statement", "sizeConstraintStatement", "size"))
                    .isEqualTo((double) dev.switchboard.blueprint.Handshake.maxProtocolHeaderBytes(blueprint.limits()));
        });
        assertThat(run.resources).noneMatch(r -> r.type().toLowerCase().contains("webaclassociation"));
    }

    @Test
    void alarms_areTheBlueprintsAlarms_perResource_withThresholdsFromTheBlueprint() {
        List<Tuple> expected = new ArrayList<>();
        for (AlarmSpec a : blueprint.alarms()) {
            switch (a.kind()) {
                case FUNCTION -> blueprint.deployedFunctions().forEach(fn -> expected.add(tuple(a.kind().namespace(),
                        a.metric(), a.thresholdFor(fn), Map.of("FunctionName", blueprint.functionName(fn)))));
                case API -> expected.add(tuple(a.kind().namespace(), a.metric(), a.threshold(),
                        Map.of("ApiId", "us-east-1-api-id", "Stage", "dev")));
                case TABLE -> expected.add(tuple(a.kind().namespace(), a.metric(), a.threshold(),
                        Map.of("TableName", "switchboard-dev-connections")));
                case WAF -> expected.add(tuple(a.kind().namespace(), a.metric(), a.threshold(),
                        Map.of("WebACL", "switchboard-dev-edge", "Rule", "ALL")));
            }
        }
        expected.add(tuple("AWS/SQS", "ApproximateNumberOfMessagesVisible", 1.0,
                Map.of("QueueName", "switchboard-dev-fanout-dlq")));
        assertThat(run.ofType(Types.ALARM)).extracting(DevStackTest::alarmFact)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(run.ofType(Types.ALARM)).allSatisfy(a -> assertThat((List<String>) in(a).get("alarmActions"))
                .singleElement().asString().startsWith("arn:aws:sns:" + run.regionOf(a) + ":"));
        assertThat(run.ofType(Types.DASHBOARD)).extracting(d -> in(d).get("dashboardName"))
                .containsExactlyInAnyOrder("switchboard-dev-us-east-1", "switchboard-dev-edge");
        assertThat((String) in(run.named(Types.DASHBOARD, "us-east-1-dashboard")).get("dashboardBody"))
                .contains("\"AWS/Lambda\",\"Duration\",\"FunctionName\",\"switchboard-dev-send\"")
                .contains("\"AWS/DynamoDB\",\"ThrottledRequests\",\"Operation\",\"Query\",\"TableName\",\"switchboard-dev-connections\"");
        assertThat(run.ofType(Types.SUBSCRIPTION)).isEmpty();
        // topics accept publishing over TLS only
        assertThat(run.ofType(Types.TOPIC_POLICY)).hasSize(run.ofType(Types.TOPIC).size())
                .allSatisfy(p -> assertThat((String) in(p).get("policy"))
                        .contains("\"Effect\":\"Deny\"").contains("\"aws:SecureTransport\":\"false\""));
    }

    /**
     * (namespace, metric, threshold, dimensions) of an alarm; for a metric-math alarm (the table's sum over
     * operations) the summed metric's, without the Operation dimension.
     */
    static Tuple alarmFact(AwsMocks.Registered a) {
        Map<String, Object> alarm = in(a);
        if (!alarm.containsKey("metricQueries")) {
            return tuple(alarm.get("namespace"), alarm.get("metricName"), alarm.get("threshold"), alarm.get("dimensions"));
        }
        List<Map<String, Object>> queries = (List<Map<String, Object>>) alarm.get("metricQueries");
        List<Map<String, Object>> metrics = queries.stream().filter(q -> q.containsKey("metric"))
                .map(q -> (Map<String, Object>) q.get("metric")).toList();
        Map<String, Object> total = queries.stream().filter(q -> Boolean.TRUE.equals(q.get("returnData")))
                .findFirst().orElseThrow();
        assertThat((String) total.get("expression")).as("sums every operation")
                .isEqualTo(queries.stream().filter(q -> q.containsKey("metric"))
                        .map(q -> "FILL(" + q.get("id") + ", 0)").collect(Collectors.joining(" + ")));
        assertThat(metrics).extracting(m -> ((Map<String, String>) m.get("dimensions")).get("Operation"))
                .doesNotHaveDuplicates().contains("GetItem", "PutItem", "Query");
        Map<String, String> dims = new HashMap<>((Map<String, String>) metrics.get(0).get("dimensions"));
        dims.remove("Operation");
        return tuple(metrics.get(0).get("namespace"), metrics.get(0).get("metricName"), alarm.get("threshold"), dims);
    }

    @Test
    void guard_secretValuesOnlyTravelInsideSecrets() {
        for (ProgramRun.Declared d : run.declared) {
            assertThat(PlainStrings.of(d.serializedInputs())).as(d.type() + " " + d.name())
                    .noneMatch(s -> s.contains(ProgramRun.JWT_SECRET) || s.contains(ProgramRun.ORIGIN_SECRET));
        }
        // and they do reach the secret versions and the origin header, as secrets
        assertThat(run.ofType(Types.SECRET_VERSION)).extracting(v -> in(v).get("secretString"))
                .containsExactlyInAnyOrder(ProgramRun.JWT_SECRET, ProgramRun.ORIGIN_SECRET);
        // dev has no deletion protection: a destroyed stack can be re-created without the 30-day name reservation
        assertThat(run.ofType(Types.SECRET)).hasSize(2)
                .allSatisfy(sec -> assertThat(in(sec)).containsEntry("recoveryWindowInDays", 0.0));
        assertThat(Snapshots.render(run)).doesNotContain(ProgramRun.JWT_SECRET, ProgramRun.ORIGIN_SECRET);
    }



    @Test
    void everyAwsResourceNamesItsProvider_andTheProviderIsPinnedToTheAccount() {
        assertThat(run.resources).filteredOn(r -> r.type().startsWith("aws:"))
                .allSatisfy(r -> assertThat(r.provider()).isEqualTo("switchboard-aws-us-east-1"));
        assertThat(run.ofType(Types.PROVIDER)).singleElement().satisfies(p -> assertThat(in(p))
                .containsEntry("region", "us-east-1")
                .hasEntrySatisfying("allowedAccountIds", ids -> assertThat(ids.toString()).contains(ACCOUNT)));
    }

    @Test
    void outputs_giveTheCloudFrontUrlTheCallbackUrlTheTableAndTheDashboard() {
        assertThat(run.outputs).containsEntry("websocketUrls", Map.of(R, "wss://us-east-1-distribution-id.cloudfront.net"))
                .containsEntry("callbackUrls", Map.of(R, "https://us-east-1-api-id.execute-api.us-east-1.amazonaws.com/dev"))
                .containsEntry("tableName", "switchboard-dev-connections")
                .containsEntry("dashboards", Map.of(R, "switchboard-dev-us-east-1"));
    }

    @Test
    void snapshot_dev() throws Exception {
        Snapshots.assertMatches("dev", Snapshots.render(run));
    }
}
