package dev.switchboard.cdk;

import dev.switchboard.cdk.guards.DeployGuards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.ConnectionSchema;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.StackInfo;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * One test per known deploy-time failure: the real templates pass every guard, and the same templates with the fault
 * put back in fail exactly that guard. Construct-level guards fail at construction.
 */
class DeployGuardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Synthesized prod = Synthesized.of("prod");
    private final Blueprint bp = prod.deployment.blueprint();
    private static final String PRIMARY = "switchboard-prod-us-east-1";
    private static final String EDGE = "switchboard-prod-edge";

    private Map<String, StackInfo> copy() {
        Map<String, StackInfo> out = new LinkedHashMap<>();
        for (Stack s : prod.deployment.stacks()) {
            Map<String, Object> template = JSON.convertValue(prod.templates.get(s.getStackName()),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            Set<String> deps = s.getDependencies().stream().map(Stack::getStackName).collect(Collectors.toSet());
            out.put(s.getStackName(), new StackInfo(s.getRegion(), template, new HashSet<>(deps)));
        }
        return out;
    }

    private List<Violation> withFault(Consumer<Map<String, StackInfo>> fault) {
        Map<String, StackInfo> stacks = copy();
        fault.accept(stacks);
        return DeployGuards.check(bp, stacks);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, StackInfo> s, String stack) {
        return (Map<String, Map<String, Object>>) s.get(stack).template().get("Resources");
    }

    private static Map.Entry<String, Map<String, Object>> first(Map<String, StackInfo> s, String stack, String type) {
        return resources(s, stack).entrySet().stream().filter(e -> type.equals(e.getValue().get("Type")))
                .findFirst().orElseThrow();
    }

    private static void assertOnly(List<Violation> v, Guard guard) {
        assertThat(v).isNotEmpty().allSatisfy(x -> assertThat(x.guard()).isEqualTo(guard));
    }

    @Test
    void everyEnvironmentsRealTemplates_passEveryGuard() {
        for (String env : List.of("dev", "prod", "qa")) {
            Synthesized s = Synthesized.of(env);
            assertThat(DeployGuards.check(s.deployment.blueprint(), s.templates, s.assembly)).as(env).isEmpty();
        }
        assertThat(DeployGuards.check(bp, copy())).isEmpty();
    }

    @Test
    void wafAssociationWithTheWebSocketStage_isCaught() {
        List<Violation> v = withFault(s -> {
            // in a replica region's stack: the primary's TableProtection would have to come after the association
            String api = first(s, "switchboard-prod-eu-west-1", "AWS::ApiGatewayV2::Api").getKey();
            resources(s, "switchboard-prod-eu-west-1").put("Assoc", Map.of("Type", "AWS::WAFv2::WebACLAssociation", "Properties", Map.of(
                    "WebACLArn", "arn:aws:wafv2:us-east-1:333333333333:regional/webacl/x/1",
                    "ResourceArn", Map.of("Fn::Join", List.of("", List.of("arn:aws:apigateway:us-east-1::/apis/",
                            Map.of("Ref", api), "/stages/prod"))))));
        });
        assertOnly(v, Guard.WAF_ASSOCIATION_TO_WEBSOCKET);
    }

    @Test
    void cloudFrontWebAclOutsideUsEast1_isCaught_inTemplates_andAtConstruction() {
        List<Violation> v = withFault(s -> s.put(EDGE, new StackInfo("eu-west-1", s.get(EDGE).template(),
                s.get(EDGE).dependencies())));
        assertOnly(v, Guard.CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1);

        Stack wrong = new Stack(new App(), "Wrong", StackProps.builder().env(Environment.builder()
                .account("333333333333").region("eu-west-1").build()).build());
        assertThatThrownBy(() -> new EdgeProtection(wrong, "Edge", new EdgeProtection.Props(bp))).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("edge.region: a CLOUDFRONT-scope web ACL must be created in us-east-1");
    }

    @Test
    void integrationAuthorizerOrPermissionBypassingTheAlias_isCaught() {
        for (String type : List.of("AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Authorizer",
                "AWS::Lambda::Permission")) {
            List<Violation> v = withFault(s -> {
                Map<String, Object> props = Cfn.props(first(s, PRIMARY, type).getValue());
                String fn = first(s, PRIMARY, "AWS::Lambda::Function").getKey();
                Map<String, Object> bare = Map.of("Fn::GetAtt", List.of(fn, "Arn"));
                if (type.equals("AWS::Lambda::Permission")) {
                    props.put("FunctionName", bare);
                } else {
                    props.put(type.endsWith("Integration") ? "IntegrationUri" : "AuthorizerUri", Map.of("Fn::Join",
                            List.of("", List.of("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                                    bare, "/invocations"))));
                }
            });
            assertThat(v).as(type).anySatisfy(x -> assertThat(x.guard()).isEqualTo(Guard.ALIAS_BYPASSED));
        }
    }

    /** A fault that sets the end of the send route's permission's source ARN (after the API id) to {@code tail}. */
    private static Consumer<Map<String, StackInfo>> sendPermissionSource(String tail) {
        return s -> {
            Map<String, Object> props = Cfn.props(resources(s, PRIMARY).entrySet().stream()
                    .filter(e -> e.getKey().contains("RouteSend") && "AWS::Lambda::Permission"
                            .equals(e.getValue().get("Type"))).findFirst().orElseThrow().getValue());
            @SuppressWarnings("unchecked")
            List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) props.get("SourceArn"))
                    .get("Fn::Join")).get(1);
            parts.set(parts.size() - 1, tail);
        };
    }

    @Test
    void permissionWhoseSourceArnDoesNotNameItsRoute_orAMissingPermission_isCaught() {
        List<Violation> wildcard = withFault(s -> {
            Map<String, Object> props = Cfn.props(resources(s, PRIMARY).entrySet().stream()
                    .filter(e -> e.getKey().contains("RouteSend") && "AWS::Lambda::Permission"
                            .equals(e.getValue().get("Type"))).findFirst().orElseThrow().getValue());
            @SuppressWarnings("unchecked")
            List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) props.get("SourceArn"))
                    .get("Fn::Join")).get(1);
            parts.set(parts.size() - 1, "/*/*");
        });
        assertOnly(wildcard, Guard.PERMISSION_SOURCE_ARN);
        assertThat(wildcard.get(0).message()).contains("/*/*");

        // aws-cdk's WebSocketLambdaIntegration scopes its permission as <apiId>/*<routeKey>: any stage, that route
        assertThat(withFault(sendPermissionSource("/*send"))).isEmpty();
        // a wildcard that reaches into the route key, or a second one, covers other routes too
        for (String wider : List.of("/*end", "/*/*send", "/*se*")) {
            assertOnly(withFault(sendPermissionSource(wider)), Guard.PERMISSION_SOURCE_ARN);
        }

        List<Violation> missing = withFault(s -> resources(s, PRIMARY).entrySet().removeIf(e ->
                e.getKey().contains("RoutePing") && "AWS::Lambda::Permission".equals(e.getValue().get("Type"))));
        assertOnly(missing, Guard.PERMISSION_SOURCE_ARN);
        assertThat(missing.get(0).message()).contains("/prod/ping");
    }

    @Test
    void replicaListWithTheStacksOwnRegion_isCaught_inTemplates_andAtConstruction() {
        List<Violation> v = withFault(s -> {
            @SuppressWarnings("unchecked")
            List<Object> replicas = (List<Object>) Cfn.props(first(s, PRIMARY, "AWS::DynamoDB::GlobalTable")
                    .getValue()).get("Replicas");
            replicas.add(Map.of("Region", "us-east-1"));
        });
        assertOnly(v, Guard.REPLICA_REGIONS);

        Stack primary = new Stack(new App(), "P", StackProps.builder().env(Environment.builder()
                .account("333333333333").region("us-east-1").build()).build());
        ConnectionTable.Props props = new ConnectionTable.Props(ConnectionSchema.table(), "t", "us-east-1",
                List.of("eu-west-1", "us-east-1"), true);
        assertThatThrownBy(() -> new ConnectionTable(primary, "Table", props)).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("contains the primary region us-east-1");
    }

    @Test
    void accessLogsWithoutTheAccountRole_areCaught() {
        List<Violation> v = withFault(s -> Cfn.props(first(s, PRIMARY, "AWS::ApiGatewayV2::Stage").getValue())
                .put("AccessLogSettings", Map.of("DestinationArn", "arn:aws:logs:us-east-1:333333333333:log-group:x",
                        "Format", "$context.requestId")));
        assertOnly(v, Guard.ACCESS_LOGS_WITHOUT_ACCOUNT_ROLE);
        assertThat(v.get(0).message()).contains("CloudWatch Logs role ARN must be set in account settings");
    }

    @Test
    void twoWayRouteWithoutRouteResponse_isCaught() {
        List<Violation> v = withFault(s -> resources(s, PRIMARY).entrySet().removeIf(e ->
                e.getKey().contains("RouteJoin") && "AWS::ApiGatewayV2::RouteResponse".equals(e.getValue().get("Type"))));
        assertOnly(v, Guard.TWO_WAY_WITHOUT_ROUTE_RESPONSE);
        assertThat(v).hasSize(1);
        assertThat(v.get(0).message()).contains("route join");
    }

    @Test
    void secretValueInATemplate_isCaught() {
        List<Violation> literal = withFault(s -> Cfn.props(first(s, PRIMARY, "AWS::SecretsManager::Secret")
                .getValue()).put("SecretString", "hunter2"));
        assertOnly(literal, Guard.SECRET_IN_TEMPLATE);

        List<Violation> env = withFault(s -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) Cfn.props(
                    first(s, PRIMARY, "AWS::Lambda::Function").getValue()).get("Environment")).get("Variables");
            vars.put("JWT_SECRET", "hunter2");
        });
        assertOnly(env, Guard.SECRET_IN_TEMPLATE);

        List<Violation> header = withFault(s -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> origin = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) Cfn.props(
                    first(s, PRIMARY, "AWS::CloudFront::Distribution").getValue()).get("DistributionConfig"))
                    .get("Origins")).get(0);
            origin.put("OriginCustomHeaders", List.of(Map.of("HeaderName", "x-switchboard-origin",
                    "HeaderValue", "hunter2")));
        });
        assertOnly(header, Guard.SECRET_IN_TEMPLATE);
    }

    @Test
    void cycleAmongTheStacks_orACrossStackImport_isCaught() {
        List<Violation> cycle = withFault(s -> s.get(EDGE).dependencies().add(PRIMARY));
        assertOnly(cycle, Guard.STACK_CYCLE);
        assertThat(cycle.get(0).message()).contains(EDGE).contains(PRIMARY);

        List<Violation> imports = withFault(s -> resources(s, "switchboard-prod-eu-west-1").put("X", Map.of(
                "Type", "AWS::SSM::Parameter", "Properties", Map.of("Type", "String",
                        "Value", Map.of("Fn::ImportValue", "switchboard-prod-us-east-1:TableArn")))));
        assertOnly(imports, Guard.STACK_CYCLE);
    }

    /**
     * The round-2 fault: the origin secret named {@code .../origin-verify} and handed to the authorizer as a partial
     * ARN. Secrets Manager takes a name ending in a hyphen and six characters for a complete ARN
     * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, Name;
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, SecretId), the
     * authorizer's fetch fails during SnapStart's init and AWS::Lambda::Version never stabilises.
     */
    @Test
    @SuppressWarnings("unchecked")
    void ambiguousSecretNames_andPartialSecretArns_areCaught() {
        List<Violation> named = withFault(s -> Cfn.props(first(s, EDGE, "AWS::SecretsManager::Secret").getValue())
                .put("Name", "switchboard/prod/origin-verify"));
        assertOnly(named, Guard.SECRET_REFERENCE_AMBIGUOUS);
        assertThat(named.get(0).message()).contains("origin-verify");

        List<Violation> partial = withFault(s -> resources(s, "switchboard-prod-eu-west-1").values().stream()
                .filter(r -> "AWS::Lambda::Function".equals(r.get("Type")))
                .map(r -> (Map<String, Object>) ((Map<String, Object>) Cfn.props(r).get("Environment")).get("Variables"))
                .filter(v -> v.containsKey("ORIGIN_SECRET_ARN")).findFirst().orElseThrow()
                .put("ORIGIN_SECRET_ARN", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref",
                        "AWS::Partition"), ":secretsmanager:eu-west-1:333333333333:secret:switchboard/prod/origin-verify")))));
        assertOnly(partial, Guard.SECRET_REFERENCE_AMBIGUOUS);
        assertThat(partial.get(0).message()).contains("partial ARN");

        List<Violation> reference = withFault(s -> {
            Map<String, Object> origin = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) Cfn.props(
                    first(s, PRIMARY, "AWS::CloudFront::Distribution").getValue()).get("DistributionConfig"))
                    .get("Origins")).get(0);
            origin.put("OriginCustomHeaders", List.of(Map.of("HeaderName", "x-switchboard-origin", "HeaderValue",
                    "{{resolve:secretsmanager:switchboard/prod/origin-verify:SecretString:::}}")));
        });
        assertOnly(reference, Guard.SECRET_REFERENCE_AMBIGUOUS);
    }

    /**
     * The round-2 fault: alarm topics whose policy holds only the TLS Deny. A topic policy replaces SNS's default
     * policy, so CloudWatch may not publish and no alarm notifies
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html); an encrypted topic
     * needs a customer managed key CloudWatch may use, never alias/aws/sns
     * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
     */
    @Test
    @SuppressWarnings("unchecked")
    void alarmTopicsThatCloudWatchCannotPublishTo_areCaught() {
        List<Violation> denyOnly = withFault(s -> s.values().forEach(info -> ((Map<String, Map<String, Object>>)
                info.template().get("Resources")).values().stream()
                .filter(r -> "AWS::SNS::TopicPolicy".equals(r.get("Type")))
                .forEach(r -> ((List<Map<String, Object>>) ((Map<String, Object>) Cfn.props(r).get("PolicyDocument"))
                        .get("Statement")).removeIf(st -> "Allow".equals(st.get("Effect"))))));
        assertOnly(denyOnly, Guard.ALARM_TOPIC_CANNOT_NOTIFY);
        long alarms = prod.templates.values().stream().mapToLong(t -> Cfn.resources(t, "AWS::CloudWatch::Alarm").size())
                .sum();
        assertThat(denyOnly).hasSize((int) alarms);
        assertThat(denyOnly).anySatisfy(v -> assertThat(v.stack()).isEqualTo(EDGE));

        List<Violation> managedKey = withFault(s -> Cfn.props(first(s, PRIMARY, "AWS::SNS::Topic").getValue())
                .put("KmsMasterKeyId", "alias/aws/sns"));
        assertOnly(managedKey, Guard.ALARM_TOPIC_CANNOT_NOTIFY);
        assertThat(managedKey.get(0).message()).contains("AWS managed key");

        List<Violation> keyWithoutCloudWatch = withFault(s -> {
            resources(s, PRIMARY).put("TopicKey", Map.of("Type", "AWS::KMS::Key", "Properties", Map.of("KeyPolicy",
                    Map.of("Statement", List.of(Map.of("Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::"
                            + "333333333333:root"), "Action", "kms:*", "Resource", "*"))))));
            Cfn.props(first(s, PRIMARY, "AWS::SNS::Topic").getValue()).put("KmsMasterKeyId", Map.of("Ref", "TopicKey"));
        });
        assertOnly(keyWithoutCloudWatch, Guard.ALARM_TOPIC_CANNOT_NOTIFY);
        assertThat(keyWithoutCloudWatch.get(0).message()).contains("TopicKey");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> aclRules(Map<String, StackInfo> s) {
        return (List<Map<String, Object>>) Cfn.props(first(s, EDGE, "AWS::WAFv2::WebACL").getValue()).get("Rules");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> managedGroup(Map<String, StackInfo> s, String group) {
        return aclRules(s).stream().map(r -> (Map<String, Object>) ((Map<String, Object>) r.get("Statement"))
                .get("ManagedRuleGroupStatement")).filter(m -> m != null && group.equals(m.get("Name")))
                .findFirst().orElseThrow();
    }

    /**
     * The round-2 fault: the web ACL as it was (managed groups without overrides) blocks the README's own wscat
     * command (no User-Agent, AWS WAF "Baseline rule groups", NoUserAgent_HEADER) and tokens over 2,048 bytes of query
     * string (SizeRestrictions_QUERYSTRING), https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html.
     */
    @Test
    @SuppressWarnings("unchecked")
    void managedRulesThatBlockValidHandshakes_areCaught_andDroppedProtectionToo() {
        List<Violation> noOverrides = withFault(s -> {
            for (String g : EdgeProtection.MANAGED_RULE_GROUPS) {
                managedGroup(s, g).remove("RuleActionOverrides");
            }
        });
        assertThat(noOverrides).extracting(Violation::guard).containsOnly(Guard.WAF_BLOCKS_HANDSHAKE);
        assertThat(noOverrides).extracting(Violation::message).anySatisfy(m -> assertThat(m)
                .contains("NoUserAgent_HEADER")).anySatisfy(m -> assertThat(m).contains("SizeRestrictions_QUERYSTRING"))
                .anySatisfy(m -> assertThat(m).contains("JavaDeserializationRCE_QUERYSTRING"));
        assertThat(noOverrides).hasSize(dev.switchboard.blueprint.EdgeRules.HANDSHAKE_RISKS.size());

        List<Violation> smallSize = withFault(s -> aclRules(s).stream()
                .filter(r -> "query-string-size".equals(r.get("Name"))).forEach(r -> ((Map<String, Object>)
                        ((Map<String, Object>) r.get("Statement")).get("SizeConstraintStatement")).put("Size", 2048)));
        assertOnly(smallSize, Guard.WAF_BLOCKS_HANDSHAKE);
        assertThat(smallSize.get(0).message()).contains("limits.maxTokenBytes = " + dev.switchboard.blueprint.Limits.defaults().maxTokenBytes());

        List<Violation> everythingCounted = withFault(s -> {
            ((List<Object>) managedGroup(s, "AWSManagedRulesCommonRuleSet").get("RuleActionOverrides"))
                    .add(Map.of("Name", "UserAgent_BadBots_HEADER", "ActionToUse", Map.of("Count", Map.of())));
            aclRules(s).removeIf(r -> "query-string-patterns".equals(r.get("Name")));
        });
        assertOnly(everythingCounted, Guard.WAF_PROTECTION_DROPPED);
        assertThat(everythingCounted).hasSize(1 + dev.switchboard.blueprint.EdgeRules.scopedLabels().size());
    }

    /**
     * The round-2 fault: named resources with {@code Retain} survive the rollback of a failed first deploy and the
     * retry fails with "already exists"; RetainExceptOnCreate does not
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
     */
    @Test
    void namedResourcesRetainedOnAFailedCreate_areCaught() {
        @SuppressWarnings("unchecked")
        long retainedExceptOnCreate = prod.templates.values().stream().flatMap(t -> ((Map<String, Map<String, Object>>)
                t.get("Resources")).values().stream()).filter(r -> "RetainExceptOnCreate".equals(r.get("DeletionPolicy")))
                .count();
        assertThat(retainedExceptOnCreate).isGreaterThanOrEqualTo(27);
        List<Violation> v = withFault(s -> s.values().forEach(info -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> rs = (Map<String, Map<String, Object>>) info.template().get("Resources");
            rs.values().forEach(r -> {
                if ("RetainExceptOnCreate".equals(r.get("DeletionPolicy"))) {
                    r.put("DeletionPolicy", "Retain");
                }
            });
        }));
        assertOnly(v, Guard.RETAINED_ON_FAILED_CREATE);
        long named = prod.templates.values().stream().mapToLong(t -> Cfn.resources(t, "AWS::Logs::LogGroup").size()
                + Cfn.resources(t, "AWS::SecretsManager::Secret").size()
                + Cfn.resources(t, "AWS::DynamoDB::GlobalTable").size()).sum();
        assertThat(named).isEqualTo(33);
        assertThat(v).hasSize(30); // 27 function log groups (9 functions x 3 regions), the table and two secrets;
                                   // 3 log groups have no fixed name
        assertThat(v).anySatisfy(x -> assertThat(x.message()).contains("TableName = switchboard-prod-connections"));
    }

    /**
     * The round-2 fault: the authorizer had no origin-header identity source (then only the token), so a direct
     * execute-api handshake invoked the authorizer. API Gateway answers 401 without invoking it when an identity
     * source is missing (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html,
     * IdentitySource).
     */
    @Test
    void anAuthorizerWithoutTheOriginHeaderAsIdentitySource_isCaught() {
        List<Violation> v = withFault(s -> Cfn.props(first(s, "switchboard-prod-ap-northeast-1",
                "AWS::ApiGatewayV2::Authorizer").getValue()).remove("IdentitySource"));
        assertOnly(v, Guard.ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE);
        assertThat(v).singleElement().satisfies(x -> assertThat(x.message())
                .contains("route.request.header.x-switchboard-origin"));
    }

    /**
     * Issue 27: the token rides in the query string or in Sec-WebSocket-Protocol, so neither may be an identity source
     * (API Gateway answers 401 when one is missing, https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html),
     * and with the origin header as the only identity source no result may be cached.
     */
    @Test
    void theTokenAsAnIdentitySource_orACachedAuthorizerResult_isCaught() {
        List<Violation> query = withFault(s -> Cfn.props(first(s, PRIMARY, "AWS::ApiGatewayV2::Authorizer").getValue())
                .put("IdentitySource", List.of("route.request.querystring.token", "route.request.header.x-switchboard-origin")));
        assertOnly(query, Guard.TOKEN_AS_IDENTITY_SOURCE);
        List<Violation> header = withFault(s -> Cfn.props(first(s, PRIMARY, "AWS::ApiGatewayV2::Authorizer").getValue())
                .put("IdentitySource", List.of("route.request.header.Sec-WebSocket-Protocol",
                        "route.request.header.x-switchboard-origin")));
        assertOnly(header, Guard.TOKEN_AS_IDENTITY_SOURCE);
        List<Violation> cached = withFault(s -> Cfn.props(first(s, PRIMARY, "AWS::ApiGatewayV2::Authorizer").getValue())
                .put("AuthorizerResultTtlInSeconds", 300));
        assertOnly(cached, Guard.AUTHORIZER_RESULT_CACHED);
    }

    /** Issue 27: the web ACL bounds Sec-WebSocket-Protocol as it bounds the query string, and never below a valid token. */
    @Test
    @SuppressWarnings("unchecked")
    void anUnboundedOrTooSmallProtocolHeaderRule_isCaught() {
        List<Violation> none = withFault(s -> aclRules(s).removeIf(r -> "protocol-header-size".equals(r.get("Name"))));
        assertOnly(none, Guard.PROTOCOL_HEADER_UNBOUNDED);
        List<Violation> small = withFault(s -> aclRules(s).stream()
                .filter(r -> "protocol-header-size".equals(r.get("Name"))).forEach(r -> ((Map<String, Object>)
                        ((Map<String, Object>) r.get("Statement")).get("SizeConstraintStatement")).put("Size", 1024)));
        assertOnly(small, Guard.WAF_BLOCKS_HANDSHAKE);
        assertThat(small.get(0).message()).contains("Sec-WebSocket-Protocol");
    }

    /** Issue 27: CloudFront forwards Sec-WebSocket-Protocol only with an origin request policy that forwards it. */
    @Test
    @SuppressWarnings("unchecked")
    void aDistributionThatDoesNotForwardTheProtocolHeader_isCaught() {
        List<Violation> v = withFault(s -> ((Map<String, Object>) ((Map<String, Object>) Cfn.props(
                first(s, PRIMARY, "AWS::CloudFront::Distribution").getValue()).get("DistributionConfig"))
                .get("DefaultCacheBehavior")).put("OriginRequestPolicyId", "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"));
        assertOnly(v, Guard.PROTOCOL_HEADER_NOT_FORWARDED);
    }
}
