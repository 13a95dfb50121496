package dev.switchboard.cdk;

import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.blueprint.Regions;
import dev.switchboard.blueprint.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Checks synthesized templates for mistakes that synthesize fine and fail at deploy time or at runtime. Each
 * {@link Guard} is one known failure; {@link SwitchboardApp} runs them all after every synth and stops on a violation.
 */
public final class DeployGuards {
    /** The known deploy-time and runtime failures. */
    public enum Guard {
        /** AWS WAF cannot be associated with API Gateway WebSocket APIs: the association fails at deploy time. */
        WAF_ASSOCIATION_TO_WEBSOCKET,
        /**
         * The token (query or Sec-WebSocket-Protocol) as an authorizer identity source: API Gateway then answers 401
         * to every handshake of the other transport (docs/protocol.md, "Connecting").
         */
        TOKEN_AS_IDENTITY_SOURCE,
        /** An authorizer result TTL: with the origin header as the only identity source, one user's Allow serves all. */
        AUTHORIZER_RESULT_CACHED,
        /** No web ACL rule bounds Sec-WebSocket-Protocol, the header transport's token, as the query size rule does. */
        PROTOCOL_HEADER_UNBOUNDED,
        /** A distribution whose origin request policy does not forward Sec-WebSocket-Protocol to the API. */
        PROTOCOL_HEADER_NOT_FORWARDED,
        /** A CLOUDFRONT-scope web ACL can only be created in us-east-1. */
        CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1,
        /** With SnapStart, integrations, the authorizer and permissions must target the alias (else a 500). */
        ALIAS_BYPASSED,
        /** A Lambda permission whose source ARN does not name its route (or a route without a permission). */
        PERMISSION_SOURCE_ARN,
        /** A global table's replica list with the stack's own region twice, or without it, or off the environment. */
        REPLICA_REGIONS,
        /** Stage access logs without the API Gateway account CloudWatch role. */
        ACCESS_LOGS_WITHOUT_ACCOUNT_ROLE,
        /** A two-way route without a route response: the handler's reply never reaches the sender. */
        TWO_WAY_WITHOUT_ROUTE_RESPONSE,
        /** A secret value in a template. */
        SECRET_IN_TEMPLATE,
        /** A dependency cycle among the environment's stacks, or a cross-stack import. */
        STACK_CYCLE,
        /**
         * A secret named {@code ...-xxxxxx} (a hyphen and six characters), or a handler given a partial secret ARN:
         * Secrets Manager then resolves the wrong secret or none, and the authorizer fails during SnapStart's init.
         */
        SECRET_REFERENCE_AMBIGUOUS,
        /**
         * An alarm whose SNS topic does not let CloudWatch publish (a topic policy replaces the default policy), or an
         * encrypted topic whose key CloudWatch cannot use: the alarm fires and nobody hears of it.
         */
        ALARM_TOPIC_CANNOT_NOTIFY,
        /**
         * A web ACL rule that blocks a valid handshake: a managed rule of {@link EdgeRules#HANDSHAKE_RISKS} left on
         * Block (no User-Agent, a query string over 2,048 bytes, a JWT tripping a query-string pattern), or a query
         * string size limit below what the authorizer's token limit implies.
         */
        WAF_BLOCKS_HANDSHAKE,
        /** A managed rule counted without a reason in {@link EdgeRules}, or a scoped rule nobody re-blocks. */
        WAF_PROTECTION_DROPPED,
        /**
         * {@code DeletionPolicy: Retain} on a resource with a fixed physical name: it survives the rollback of a
         * failed create and the retry fails with "already exists" (use RetainExceptOnCreate).
         */
        RETAINED_ON_FAILED_CREATE,
        /**
         * A stack whose distribution adds an origin header while its authorizer does not list that header as an
         * identity source: direct execute-api handshakes then invoke the authorizer (cost, denial of wallet).
         */
        ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE,
        /** A fan-out queue without a TLS-only queue policy, or with one that allows everyone ({@link FanoutGuards}). */
        FANOUT_QUEUE_POLICY,
        /** The shard queue not consumed by the fan-out alias with batch item failures and bounded concurrency. */
        FANOUT_EVENT_SOURCE_MAPPING,
        /** A fan-out dead-letter queue without an alarm. */
        FANOUT_DLQ_ALARM
    }

    /** One violation: which guard, where, and what. */
    public record Violation(Guard guard, String stack, String resource, String message) {
        @Override
        public String toString() {
            return guard + " in " + stack + (resource == null ? "" : "/" + resource) + ": " + message;
        }
    }

    /** What the guards need to know about one stack. */
    public record StackInfo(String region, Map<String, Object> template, Set<String> dependencies) {
    }

    private DeployGuards() {
    }

    /** Throws an {@link IllegalStateException} listing every violation, if any. */
    public static void requireNone(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Switchboard deploy guards failed:\n  " + violations.stream()
                    .map(Violation::toString).collect(Collectors.joining("\n  ")));
        }
    }

    /** Runs every guard over the stacks of a synthesized assembly. */
    @SuppressWarnings("deprecation")
    public static List<Violation> check(Blueprint blueprint, Map<String, Map<String, Object>> templates,
                                        CloudAssembly assembly) {
        Map<String, StackInfo> stacks = new LinkedHashMap<>();
        for (CloudFormationStackArtifact a : assembly.getStacks()) {
            Set<String> deps = new HashSet<>();
            for (CloudArtifact d : a.getDependencies()) {
                deps.add(d instanceof CloudFormationStackArtifact s ? s.getStackName() : d.getId());
            }
            deps.removeIf(d -> !templates.containsKey(d));
            stacks.put(a.getStackName(), new StackInfo(a.getEnvironment().getRegion(),
                    templates.get(a.getStackName()), deps));
        }
        return check(blueprint, stacks);
    }

    /** Runs every guard over {@code stacks} (stack name to region, template and dependencies). */
    public static List<Violation> check(Blueprint blueprint, Map<String, StackInfo> stacks) {
        List<Violation> out = new ArrayList<>();
        for (Map.Entry<String, StackInfo> e : stacks.entrySet()) {
            Stack s = new Stack(e.getKey(), e.getValue().region(), e.getValue().template());
            wafAssociation(s, out);
            webAclRegion(s, out);
            aliases(s, out);
            permissions(s, out);
            replicas(blueprint, s, out);
            accessLogs(blueprint, s, out);
            twoWay(blueprint, s, out);
            secrets(s, out);
            secretReferences(s, out);
            alarmTopics(s, out);
            webAclRules(blueprint, s, out);
            retainedNames(s, out);
            originIdentitySource(s, out);
            imports(s, out);
            FanoutGuards.check(blueprint, e.getKey(), e.getValue().template(), out);
        }
        cycles(stacks, out);
        return out;
    }

    private record Stack(String name, String region, Map<String, Object> template) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources() {
            Object r = template.get("Resources");
            return r instanceof Map<?, ?> m ? (Map<String, Map<String, Object>>) m : Map.of();
        }

        Map<String, Map<String, Object>> ofType(String type) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            resources().forEach((id, r) -> {
                if (type.equals(r.get("Type"))) {
                    out.put(id, r);
                }
            });
            return out;
        }

        String typeOf(String logicalId) {
            Map<String, Object> r = resources().get(logicalId);
            return r == null ? null : String.valueOf(r.get("Type"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        Object p = resource.get("Properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Renders an intrinsic as text: {@code ${Ref:Id}}, {@code ${Id.Attr}}, joins concatenated. */
    static String render(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            String k = e.getKey().toString();
            Object a = e.getValue();
            switch (k) {
                case "Ref":
                    return "${Ref:" + a + "}";
                case "Fn::GetAtt":
                    if (a instanceof List<?> l && l.size() == 2) {
                        return "${" + l.get(0) + "." + l.get(1) + "}";
                    }
                    return "${" + a + "}";
                case "Fn::Join":
                    if (a instanceof List<?> l && l.size() == 2 && l.get(1) instanceof List<?> parts) {
                        return parts.stream().map(DeployGuards::render).collect(Collectors.joining(
                                String.valueOf(l.get(0))));
                    }
                    break;
                case "Fn::Sub":
                    return a instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(a);
                default:
                    break;
            }
        }
        return String.valueOf(v);
    }

    private static Set<String> refs(String rendered) {
        Set<String> out = new HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(?:Ref:)?([A-Za-z0-9:]+)(?:\\.[A-Za-z.]+)?}")
                .matcher(rendered);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Logical ids named by any Ref or Fn::GetAtt anywhere inside {@code v}. */
    static Set<String> refsIn(Object v) {
        Set<String> out = new HashSet<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                if ("Ref".equals(k)) {
                    out.add(String.valueOf(x));
                } else if ("Fn::GetAtt".equals(k) && x instanceof List<?> l && !l.isEmpty()) {
                    out.add(String.valueOf(l.get(0)));
                } else {
                    out.addAll(refsIn(x));
                }
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> out.addAll(refsIn(x)));
        }
        return out;
    }

    private static void wafAssociation(Stack s, List<Violation> out) {
        s.ofType("AWS::WAFv2::WebACLAssociation").forEach((id, r) -> {
            String arn = render(props(r).get("ResourceArn"));
            boolean apiGateway = arn.contains("apigateway") || arn.contains("execute-api")
                    || refs(arn).stream().anyMatch(x -> String.valueOf(s.typeOf(x)).startsWith("AWS::ApiGatewayV2::"));
            if (apiGateway) {
                out.add(new Violation(Guard.WAF_ASSOCIATION_TO_WEBSOCKET, s.name(), id, "AWS WAF cannot be"
                        + " associated with an API Gateway WebSocket API (" + arn + "); attach the web ACL to the"
                        + " CloudFront distribution instead"));
            }
        });
    }

    private static void webAclRegion(Stack s, List<Violation> out) {
        s.ofType("AWS::WAFv2::WebACL").forEach((id, r) -> {
            if ("CLOUDFRONT".equals(props(r).get("Scope")) && !Regions.EDGE_REGION.equals(s.region())) {
                out.add(new Violation(Guard.CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1, s.name(), id, "a CLOUDFRONT-scope"
                        + " web ACL in " + s.region() + "; it must be created in " + Regions.EDGE_REGION));
            }
        });
    }

    private static boolean snapStart(Stack s) {
        return s.ofType("AWS::Lambda::Function").values().stream().anyMatch(f ->
                props(f).get("SnapStart") instanceof Map<?, ?> m && "PublishedVersions".equals(m.get("ApplyOn")));
    }

    private static void aliases(Stack s, List<Violation> out) {
        if (!snapStart(s)) {
            return;
        }
        Map<String, String> targets = new LinkedHashMap<>();
        s.ofType("AWS::ApiGatewayV2::Integration").forEach((id, r) -> targets.put(id,
                render(props(r).get("IntegrationUri"))));
        s.ofType("AWS::ApiGatewayV2::Authorizer").forEach((id, r) -> targets.put(id,
                render(props(r).get("AuthorizerUri"))));
        s.ofType("AWS::Lambda::Permission").forEach((id, r) -> {
            if (String.valueOf(props(r).get("Principal")).startsWith("apigateway")) {
                targets.put(id, render(props(r).get("FunctionName")));
            }
        });
        targets.forEach((id, text) -> {
            boolean viaAlias = refs(text).stream().anyMatch(x -> "AWS::Lambda::Alias".equals(s.typeOf(x)));
            boolean bare = refs(text).stream().anyMatch(x -> "AWS::Lambda::Function".equals(s.typeOf(x))
                    || "AWS::Lambda::Version".equals(s.typeOf(x)));
            if (!viaAlias || bare) {
                out.add(new Violation(Guard.ALIAS_BYPASSED, s.name(), id, "targets " + text + " instead of the '"
                        + Blueprint.LIVE_ALIAS + "' alias while SnapStart is on (runs the unpublished function or"
                        + " answers 500)"));
            }
        });
    }

    private static void permissions(Stack s, List<Violation> out) {
        Map<String, Map<String, Object>> stages = s.ofType("AWS::ApiGatewayV2::Stage");
        if (stages.isEmpty()) {
            return;
        }
        Map<String, String> integrationAlias = new HashMap<>();
        s.ofType("AWS::ApiGatewayV2::Integration").forEach((id, r) ->
                integrationAlias.put(id, render(props(r).get("IntegrationUri"))));
        // expected: for each route, "<stage>/<routeKey>" on its integration's alias; for each authorizer, its alias
        Map<String, Set<String>> expected = new HashMap<>();
        s.ofType("AWS::ApiGatewayV2::Route").forEach((id, r) -> {
            String target = render(props(r).get("Target"));
            String alias = refs(target).stream().map(integrationAlias::get).filter(x -> x != null).findFirst()
                    .orElse("?");
            for (Map<String, Object> st : stages.values()) {
                expected.computeIfAbsent(aliasOf(s, alias), k -> new HashSet<>())
                        .add("/" + props(st).get("StageName") + "/" + props(r).get("RouteKey"));
            }
        });
        s.ofType("AWS::ApiGatewayV2::Authorizer").forEach((id, r) -> expected.computeIfAbsent(
                aliasOf(s, render(props(r).get("AuthorizerUri"))), k -> new HashSet<>())
                .add("/authorizers/${Ref:" + id + "}"));
        Set<String> covered = new HashSet<>();
        s.ofType("AWS::Lambda::Permission").forEach((id, r) -> {
            if (!String.valueOf(props(r).get("Principal")).startsWith("apigateway")) {
                return;
            }
            String alias = aliasOf(s, render(props(r).get("FunctionName")));
            String source = render(props(r).get("SourceArn"));
            Set<String> allowed = expected.getOrDefault(alias, Set.of());
            String match = allowed.stream().filter(source::endsWith).findFirst().orElse(null);
            if (match == null || source.contains("*")) {
                out.add(new Violation(Guard.PERMISSION_SOURCE_ARN, s.name(), id, "source ARN " + source
                        + " does not name exactly one of " + alias + "'s routes " + allowed));
            } else {
                covered.add(alias + match);
            }
        });
        expected.forEach((alias, suffixes) -> suffixes.forEach(suffix -> {
            if (!covered.contains(alias + suffix)) {
                out.add(new Violation(Guard.PERMISSION_SOURCE_ARN, s.name(), alias, "no Lambda permission for "
                        + suffix + " (API Gateway would answer 500)"));
            }
        }));
    }

    private static String aliasOf(Stack s, String rendered) {
        return refs(rendered).stream().filter(x -> "AWS::Lambda::Alias".equals(s.typeOf(x))
                || "AWS::Lambda::Function".equals(s.typeOf(x))).findFirst().orElse(rendered);
    }

    @SuppressWarnings("unchecked")
    private static void replicas(Blueprint blueprint, Stack s, List<Violation> out) {
        s.ofType("AWS::DynamoDB::GlobalTable").forEach((id, r) -> {
            List<String> regions = new ArrayList<>();
            Object reps = props(r).get("Replicas");
            if (reps instanceof List<?> l) {
                for (Object o : l) {
                    regions.add(render(((Map<String, Object>) o).get("Region")));
                }
            }
            long own = regions.stream().filter(x -> x.equals(s.region())).count();
            Set<String> distinct = new HashSet<>(regions);
            if (own != 1 || distinct.size() != regions.size()
                    || !distinct.equals(new HashSet<>(blueprint.environment().regions()))) {
                out.add(new Violation(Guard.REPLICA_REGIONS, s.name(), id, "replicas " + regions + " in stack region "
                        + s.region() + "; expected each of " + blueprint.environment().regions() + " once"));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void accessLogs(Blueprint blueprint, Stack s, List<Violation> out) {
        AccessLogs mode = blueprint.environment().accessLogs();
        Set<String> accounts = s.ofType("AWS::ApiGateway::Account").keySet();
        s.ofType("AWS::ApiGatewayV2::Stage").forEach((id, r) -> {
            if (props(r).get("AccessLogSettings") == null) {
                return;
            }
            Object dep = r.get("DependsOn");
            List<String> deps = dep instanceof List<?> l ? (List<String>) l : dep == null ? List.of()
                    : List.of(dep.toString());
            boolean ok = switch (mode) {
                case OFF -> false;
                case EXISTING_ACCOUNT_ROLE -> true;
                case CREATE_ACCOUNT_ROLE -> deps.stream().anyMatch(accounts::contains);
            };
            if (!ok) {
                out.add(new Violation(Guard.ACCESS_LOGS_WITHOUT_ACCOUNT_ROLE, s.name(), id, "access logs are on but"
                        + (mode == AccessLogs.OFF ? " accessLogs is OFF (no account role declared)"
                        : " the stage does not depend on an AWS::ApiGateway::Account") + "; deploy fails with"
                        + " 'CloudWatch Logs role ARN must be set in account settings'"));
            }
        });
    }

    private static void twoWay(Blueprint blueprint, Stack s, List<Violation> out) {
        Map<String, Map<String, Object>> routes = s.ofType("AWS::ApiGatewayV2::Route");
        if (routes.isEmpty()) {
            return;
        }
        Set<String> withResponse = new HashSet<>();
        s.ofType("AWS::ApiGatewayV2::RouteResponse").values().forEach(r ->
                withResponse.addAll(refs(render(props(r).get("RouteId")))));
        Set<String> twoWayKeys = blueprint.routes().stream().filter(Route::twoWay).map(Route::routeKey)
                .collect(Collectors.toSet());
        routes.forEach((id, r) -> {
            Object key = props(r).get("RouteKey");
            boolean declared = props(r).get("RouteResponseSelectionExpression") != null;
            if ((twoWayKeys.contains(String.valueOf(key)) || declared)
                    && (!declared || !withResponse.contains(id))) {
                out.add(new Violation(Guard.TWO_WAY_WITHOUT_ROUTE_RESPONSE, s.name(), id, "route " + key
                        + " is two-way but has " + (declared ? "no AWS::ApiGatewayV2::RouteResponse"
                        : "no RouteResponseSelectionExpression") + "; replies would never reach the sender"));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void secrets(Stack s, List<Violation> out) {
        s.ofType("AWS::SecretsManager::Secret").forEach((id, r) -> {
            if (props(r).containsKey("SecretString")) {
                out.add(new Violation(Guard.SECRET_IN_TEMPLATE, s.name(), id, "a literal SecretString; generate it"
                        + " (GenerateSecretString) or put it in Secrets Manager outside the template"));
            }
        });
        s.ofType("AWS::Lambda::Function").forEach((id, r) -> {
            Object env = props(r).get("Environment");
            if (env instanceof Map<?, ?> m && m.get("Variables") instanceof Map<?, ?> vars) {
                for (String forbidden : List.of(EnvVars.JWT_SECRET, EnvVars.ORIGIN_SECRET)) {
                    if (vars.containsKey(forbidden)) {
                        out.add(new Violation(Guard.SECRET_IN_TEMPLATE, s.name(), id, forbidden + " set in the"
                                + " template; pass the Secrets Manager ARN (" + forbidden + "_ARN) instead"));
                    }
                }
            }
        });
        s.ofType("AWS::CloudFront::Distribution").forEach((id, r) -> {
            Object cfg = props(r).get("DistributionConfig");
            if (cfg instanceof Map<?, ?> c && c.get("Origins") instanceof List<?> origins) {
                for (Object o : origins) {
                    Object headers = ((Map<String, Object>) o).get("OriginCustomHeaders");
                    if (headers instanceof List<?> hs) {
                        for (Object h : hs) {
                            String value = render(((Map<String, Object>) h).get("HeaderValue"));
                            if (!value.startsWith("{{resolve:secretsmanager:")) {
                                out.add(new Violation(Guard.SECRET_IN_TEMPLATE, s.name(), id, "origin header "
                                        + ((Map<String, Object>) h).get("HeaderName") + " has a literal value;"
                                        + " use a {{resolve:secretsmanager:...}} dynamic reference"));
                            }
                        }
                    }
                }
            }
        });
    }

    private static final java.util.regex.Pattern DYNAMIC_REFERENCE = java.util.regex.Pattern.compile(
            "\\{\\{resolve:secretsmanager:([^:}]+)");

    /**
     * Secret names that end in a hyphen and six characters and partial secret ARNs in a handler's environment
     * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, Name;
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, SecretId).
     */
    private static void secretReferences(Stack s, List<Violation> out) {
        s.ofType("AWS::SecretsManager::Secret").forEach((id, r) -> {
            String name = render(props(r).get("Name"));
            if (dev.switchboard.blueprint.SecretNames.looksLikeArnSuffix(name)) {
                out.add(new Violation(Guard.SECRET_REFERENCE_AMBIGUOUS, s.name(), id, "secret name " + name
                        + " ends in a hyphen and six characters; Secrets Manager takes that for an ARN suffix"));
            }
        });
        s.ofType("AWS::Lambda::Function").forEach((id, r) -> {
            Object env = props(r).get("Environment");
            if (env instanceof Map<?, ?> m && m.get("Variables") instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> {
                    String value = render(v);
                    if (k.toString().endsWith("_SECRET_ARN") && value.contains(":secret:")) {
                        out.add(new Violation(Guard.SECRET_REFERENCE_AMBIGUOUS, s.name(), id, k + " = " + value
                                + " is a partial ARN (composed in the template, without the six-character suffix);"
                                + " pass the secret's complete ARN"));
                    }
                });
            }
        });
        java.util.regex.Matcher m = DYNAMIC_REFERENCE.matcher(String.valueOf(s.template().get("Resources")));
        while (m.find()) {
            String ref = m.group(1);
            if (!ref.startsWith("arn") && dev.switchboard.blueprint.SecretNames.looksLikeArnSuffix(ref)) {
                out.add(new Violation(Guard.SECRET_REFERENCE_AMBIGUOUS, s.name(), null, "dynamic reference to "
                        + ref + ", a name that ends in a hyphen and six characters"));
            }
        }
    }

    /**
     * Every topic an alarm notifies lets {@code cloudwatch.amazonaws.com} publish for that alarm (aws:SourceAccount and
     * aws:SourceArn), and an encrypted one uses a customer managed key whose policy lets CloudWatch use it: the AWS
     * managed {@code alias/aws/sns} key cannot be granted to CloudWatch
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html;
     * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
     */
    @SuppressWarnings("unchecked")
    private static void alarmTopics(Stack s, List<Violation> out) {
        Map<String, Map<String, Object>> topics = s.ofType("AWS::SNS::Topic");
        if (topics.isEmpty()) {
            return;
        }
        Map<String, List<Map<String, Object>>> statementsByTopic = new HashMap<>();
        s.ofType("AWS::SNS::TopicPolicy").values().forEach(p -> {
            Object doc = props(p).get("PolicyDocument");
            List<Map<String, Object>> st = doc instanceof Map<?, ?> d && d.get("Statement") instanceof List<?> l
                    ? (List<Map<String, Object>>) l : List.of();
            for (String t : refsIn(props(p).get("Topics"))) {
                statementsByTopic.computeIfAbsent(t, k -> new ArrayList<>()).addAll(st);
            }
        });
        s.ofType("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            String name = render(props(alarm).get("AlarmName"));
            for (String key : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
                for (String topic : refsIn(props(alarm).get(key))) {
                    if (!topics.containsKey(topic)) {
                        continue;
                    }
                    boolean allowed = statementsByTopic.getOrDefault(topic, List.of()).stream().anyMatch(st ->
                            "Allow".equals(st.get("Effect"))
                                    && render(st.get("Principal")).contains("cloudwatch.amazonaws.com")
                                    && render(st.get("Action")).contains("sns:Publish")
                                    && render(st.get("Condition")).contains("aws:SourceAccount")
                                    && render(st.get("Condition")).contains(":alarm:" + name));
                    if (!allowed) {
                        out.add(new Violation(Guard.ALARM_TOPIC_CANNOT_NOTIFY, s.name(), id, "alarm " + name
                                + " notifies topic " + topic + ", whose policy does not let cloudwatch.amazonaws.com"
                                + " publish for it (aws:SourceAccount, aws:SourceArn)"));
                    }
                    topicKey(s, topic, topics.get(topic), out);
                }
            }
        });
    }

    private static void topicKey(Stack s, String topic, Map<String, Object> resource, List<Violation> out) {
        Object key = props(resource).get("KmsMasterKeyId");
        if (key == null) {
            return;
        }
        String text = render(key);
        Set<String> keys = refsIn(key);
        String keyId = keys.stream().filter(k -> "AWS::KMS::Key".equals(s.typeOf(k))).findFirst().orElse(null);
        if (keyId == null) {
            out.add(new Violation(Guard.ALARM_TOPIC_CANNOT_NOTIFY, s.name(), topic, "alarm topic encrypted with "
                    + text + (text.contains("alias/aws/") ? ", an AWS managed key CloudWatch cannot be granted"
                    : ", a key outside this stack whose policy cannot be checked") + "; use a customer managed key"
                    + " whose policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*"));
            return;
        }
        String policy = render(props(s.resources().get(keyId)).get("KeyPolicy"));
        boolean ok = policy.contains("cloudwatch.amazonaws.com") && policy.contains("kms:Decrypt")
                && policy.contains("kms:GenerateDataKey");
        if (!ok) {
            out.add(new Violation(Guard.ALARM_TOPIC_CANNOT_NOTIFY, s.name(), topic, "alarm topic key " + keyId
                    + " does not let cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*"));
        }
    }

    /**
     * The edge web ACL against a valid handshake (a client without User-Agent, a token of up to
     * {@code limits.maxTokenBytes} in the query string): every rule of {@link EdgeRules#HANDSHAKE_RISKS} counts in its
     * group, the query string size rule allows {@link Handshake#maxQueryStringBytes}, every scoped rule's label is
     * re-blocked outside handshakes, and no other managed rule is counted (AWS WAF "Baseline rule groups",
     * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
     */
    @SuppressWarnings("unchecked")
    private static void webAclRules(Blueprint blueprint, Stack s, List<Violation> out) {
        s.ofType("AWS::WAFv2::WebACL").forEach((id, acl) -> {
            List<Map<String, Object>> rules = props(acl).get("Rules") instanceof List<?> l
                    ? (List<Map<String, Object>>) l : List.of();
            int needed = Handshake.maxQueryStringBytes(blueprint.limits());
            int neededHeader = Handshake.maxProtocolHeaderBytes(blueprint.limits());
            Set<String> reblocked = new HashSet<>();
            List<Integer> headerLimits = new ArrayList<>();
            for (Map<String, Object> rule : rules) {
                Map<String, Object> st = (Map<String, Object>) rule.getOrDefault("Statement", Map.of());
                Map<String, Object> mg = (Map<String, Object>) st.get("ManagedRuleGroupStatement");
                boolean blocks = rule.get("Action") instanceof Map<?, ?> a && a.containsKey("Block");
                if (blocks) {
                    headerLimits.addAll(protocolHeaderSizeLimits(st));
                    collectLabels(st, reblocked);
                    querySizeLimits(st).forEach(size -> {
                        if (size < needed) {
                            out.add(new Violation(Guard.WAF_BLOCKS_HANDSHAKE, s.name(), id, "rule " + rule.get("Name")
                                    + " blocks query strings over " + size + " bytes; a handshake with a token of"
                                    + " limits.maxTokenBytes = " + blueprint.limits().maxTokenBytes() + " needs "
                                    + needed));
                        }
                    });
                }
                if (mg == null) {
                    continue;
                }
                String group = String.valueOf(mg.get("Name"));
                Set<String> counted = new HashSet<>();
                if (mg.get("RuleActionOverrides") instanceof List<?> overrides) {
                    for (Object o : overrides) {
                        Map<String, Object> ov = (Map<String, Object>) o;
                        if (ov.get("ActionToUse") instanceof Map<?, ?> use && use.containsKey("Count")) {
                            counted.add(String.valueOf(ov.get("Name")));
                        }
                    }
                }
                List<String> expected = EdgeRules.countedRules().getOrDefault(group, List.of());
                for (String r : expected) {
                    if (!counted.contains(r)) {
                        out.add(new Violation(Guard.WAF_BLOCKS_HANDSHAKE, s.name(), id, group + "/" + r
                                + " still blocks: " + EdgeRules.HANDSHAKE_RISKS.stream().filter(x -> x.name().equals(r))
                                .findFirst().orElseThrow().reason()));
                    }
                }
                for (String c : counted) {
                    if (!expected.contains(c)) {
                        out.add(new Violation(Guard.WAF_PROTECTION_DROPPED, s.name(), id, group + "/" + c
                                + " is counted, not blocked, without a reason in EdgeRules"));
                    }
                }
            }
            if (headerLimits.isEmpty()) {
                out.add(new Violation(Guard.PROTOCOL_HEADER_UNBOUNDED, s.name(), id, "no rule blocks a "
                        + Handshake.PROTOCOL_HEADER + " over " + neededHeader + " bytes (rule "
                        + EdgeRules.PROTOCOL_HEADER_SIZE_RULE + ")"));
            }
            headerLimits.stream().filter(size -> size < neededHeader).forEach(size -> out.add(new Violation(
                    Guard.WAF_BLOCKS_HANDSHAKE, s.name(), id, "a rule blocks " + Handshake.PROTOCOL_HEADER + " over "
                    + size + " bytes; a bearer token of limits.maxTokenBytes needs " + neededHeader)));
            for (String label : EdgeRules.scopedLabels()) {
                if (!reblocked.contains(label)) {
                    out.add(new Violation(Guard.WAF_PROTECTION_DROPPED, s.name(), id, "label " + label + " (a counted"
                            + " query-string rule) is not re-blocked outside well-formed handshakes"));
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void collectLabels(Object statement, Set<String> out) {
        if (statement instanceof Map<?, ?> m) {
            if (m.get("LabelMatchStatement") instanceof Map<?, ?> lm) {
                out.add(String.valueOf(lm.get("Key")));
            }
            m.values().forEach(v -> collectLabels(v, out));
        } else if (statement instanceof List<?> l) {
            l.forEach(v -> collectLabels(v, out));
        }
    }

    /** Sizes of GT/GE size constraints on the single header Sec-WebSocket-Protocol anywhere in {@code statement}. */
    private static List<Integer> protocolHeaderSizeLimits(Object statement) {
        List<Integer> out = new ArrayList<>();
        if (statement instanceof Map<?, ?> m) {
            if (m.get("SizeConstraintStatement") instanceof Map<?, ?> sc && sc.get("FieldToMatch") instanceof Map<?, ?> f
                    && f.get("SingleHeader") instanceof Map<?, ?> h
                    && Handshake.PROTOCOL_HEADER.equalsIgnoreCase(String.valueOf(h.get("Name")))
                    && String.valueOf(sc.get("ComparisonOperator")).startsWith("G")) {
                out.add(Integer.parseInt(String.valueOf(sc.get("Size")).replaceAll("\\.0$", "")));
            }
            m.values().forEach(v -> out.addAll(protocolHeaderSizeLimits(v)));
        } else if (statement instanceof List<?> l) {
            l.forEach(v -> out.addAll(protocolHeaderSizeLimits(v)));
        }
        return out;
    }

    /** Sizes of GT/GE size constraints on the query string anywhere in {@code statement}. */
    private static List<Integer> querySizeLimits(Object statement) {
        List<Integer> out = new ArrayList<>();
        if (statement instanceof Map<?, ?> m) {
            if (m.get("SizeConstraintStatement") instanceof Map<?, ?> sc && sc.get("FieldToMatch") instanceof Map<?, ?> f
                    && f.containsKey("QueryString") && String.valueOf(sc.get("ComparisonOperator")).startsWith("G")) {
                out.add(Integer.parseInt(String.valueOf(sc.get("Size")).replaceAll("\\.0$", "")));
            }
            m.values().forEach(v -> out.addAll(querySizeLimits(v)));
        } else if (statement instanceof List<?> l) {
            l.forEach(v -> out.addAll(querySizeLimits(v)));
        }
        return out;
    }

    /**
     * A named resource with {@code DeletionPolicy: Retain}. CloudFormation keeps a Retain resource when the create of
     * its stack fails and rolls back; the retry then creates the same physical name again and fails.
     * {@code RetainExceptOnCreate} deletes it on a failed create and retains it on update and delete
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
     */
    private static void retainedNames(Stack s, List<Violation> out) {
        s.resources().forEach((id, r) -> {
            if (!"Retain".equals(r.get("DeletionPolicy"))) {
                return;
            }
            props(r).forEach((k, v) -> {
                if (k.endsWith("Name") && !k.equals("DisplayName") && v instanceof String name) {
                    out.add(new Violation(Guard.RETAINED_ON_FAILED_CREATE, s.name(), id, r.get("Type") + " " + k
                            + " = " + name + " has DeletionPolicy Retain: a failed first deploy leaves it behind and"
                            + " the retry fails with 'already exists'; use RetainExceptOnCreate"
                            + " (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)"));
                }
            });
        });
    }

    /**
     * Every origin header a distribution of the stack adds is an identity source of the stack's authorizers, so API
     * Gateway answers 401 itself to a handshake without it
     * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html, IdentitySource).
     */
    @SuppressWarnings("unchecked")
    private static void originIdentitySource(Stack s, List<Violation> out) {
        Set<String> headers = new HashSet<>();
        s.ofType("AWS::CloudFront::Distribution").forEach((distributionId, d) -> {
            Object cfg = props(d).get("DistributionConfig");
            if (cfg instanceof Map<?, ?> c && c.get("DefaultCacheBehavior") instanceof Map<?, ?> b
                    && !EdgeRules.FORWARDING_ORIGIN_REQUEST_POLICIES.contains(String.valueOf(b.get("OriginRequestPolicyId")))) {
                out.add(new Violation(Guard.PROTOCOL_HEADER_NOT_FORWARDED, s.name(), distributionId, "origin request"
                        + " policy " + b.get("OriginRequestPolicyId") + " is not AllViewerExceptHostHeader (or AllViewer):"
                        + " Sec-WebSocket-Protocol, the header transport's token, may not reach the API"));
            }
            if (cfg instanceof Map<?, ?> c && c.get("Origins") instanceof List<?> origins) {
                for (Object o : origins) {
                    if (((Map<String, Object>) o).get("OriginCustomHeaders") instanceof List<?> hs) {
                        hs.forEach(h -> headers.add(String.valueOf(((Map<String, Object>) h).get("HeaderName"))));
                    }
                }
            }
        });
        s.ofType("AWS::ApiGatewayV2::Authorizer").forEach((id, a) -> {
            Object sources = props(a).get("IdentitySource");
            List<String> list = sources instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            for (String source : list) {
                if (source.equalsIgnoreCase("route.request.querystring.token")
                        || source.equalsIgnoreCase("route.request.header." + Handshake.PROTOCOL_HEADER)) {
                    out.add(new Violation(Guard.TOKEN_AS_IDENTITY_SOURCE, s.name(), id, "identity source " + source
                            + " makes API Gateway answer 401 to every handshake that carries its token the other way;"
                            + " the authorizer reads it from either place itself"));
                }
            }
            Object ttl = props(a).get("AuthorizerResultTtlInSeconds");
            if (ttl != null && !String.valueOf(ttl).matches("0(\\.0)?")) {
                out.add(new Violation(Guard.AUTHORIZER_RESULT_CACHED, s.name(), id, "AuthorizerResultTtlInSeconds = "
                        + ttl + ": the token is no identity source, so a cached result would serve every user"));
            }
            for (String h : headers) {
                if (!list.contains("route.request.header." + h)) {
                    out.add(new Violation(Guard.ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE, s.name(), id, "identity sources "
                            + list + " lack route.request.header." + h + "; a direct execute-api handshake invokes"
                            + " the authorizer instead of getting API Gateway's 401"));
                }
            }
        });
    }

    private static void imports(Stack s, List<Violation> out) {
        String text = String.valueOf(s.template().get("Resources"));
        if (text.contains("Fn::ImportValue")) {
            out.add(new Violation(Guard.STACK_CYCLE, s.name(), null, "Fn::ImportValue couples the stacks;"
                    + " Switchboard's stacks share names and SSM parameters, not exports"));
        }
    }

    private static void cycles(Map<String, StackInfo> stacks, List<Violation> out) {
        Map<String, Integer> state = new HashMap<>();
        for (String s : stacks.keySet()) {
            List<String> path = new ArrayList<>();
            if (cycle(s, stacks, state, path)) {
                out.add(new Violation(Guard.STACK_CYCLE, s, null, "dependency cycle " + String.join(" -> ", path)));
                return;
            }
        }
    }

    private static boolean cycle(String s, Map<String, StackInfo> stacks, Map<String, Integer> state,
                                 List<String> path) {
        Integer st = state.get(s);
        if (st != null && st == 2) {
            return false;
        }
        path.add(s);
        if (st != null && st == 1) {
            return true;
        }
        state.put(s, 1);
        StackInfo info = stacks.get(s);
        for (String d : info == null ? Set.<String>of() : info.dependencies()) {
            if (cycle(d, stacks, state, path)) {
                return true;
            }
        }
        state.put(s, 2);
        path.remove(path.size() - 1);
        return false;
    }

}
