package dev.switchboard.cdk;

import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
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
