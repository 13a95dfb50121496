package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.refs;
import static dev.switchboard.cdk.guards.TemplateView.render;

/**
 * {@link Guard#PERMISSION_SOURCE_ARN}: every route and authorizer has a Lambda permission on its target whose
 * source ARN names it (a route as {@code /<stage>/<routeKey>}, or as aws-cdk's {@code WebSocketLambdaIntegration}
 * grants it, {@code /*<routeKey>}), and no permission names more.
 */
final class PermissionSourceArn {
    private PermissionSourceArn() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        permissions(s, out);
    }

    private static void permissions(TemplateView s, List<Violation> out) {
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
            List<String> matches = allowed.stream().filter(suffix -> scopedTo(source, suffix)).toList();
            if (matches.isEmpty()) {
                out.add(new Violation(Guard.PERMISSION_SOURCE_ARN, s.name(), id, "source ARN " + source
                        + " does not name exactly one of " + alias + "'s routes " + allowed));
            } else {
                matches.forEach(m -> covered.add(alias + m));
            }
        });
        expected.forEach((alias, suffixes) -> suffixes.forEach(suffix -> {
            if (!covered.contains(alias + suffix)) {
                out.add(new Violation(Guard.PERMISSION_SOURCE_ARN, s.name(), alias, "no Lambda permission for "
                        + suffix + " (API Gateway would answer 500)"));
            }
        }));
    }

    /**
     * Whether {@code source} names exactly the route or authorizer of {@code suffix} ({@code /<stage>/<routeKey>} or
     * {@code /authorizers/<id>}): it ends with it and has no wildcard, or it is aws-cdk's
     * {@code WebSocketLambdaIntegration} form {@code <apiId>/*<routeKey>} (any stage, that route key), whose only
     * wildcard is the one before the route key.
     */
    static boolean scopedTo(String source, String suffix) {
        if (!source.contains("*")) {
            return source.endsWith(suffix);
        }
        if (suffix.startsWith("/authorizers/")) {
            return false;
        }
        String routeKey = suffix.substring(suffix.indexOf('/', 1) + 1);
        return source.endsWith("/*" + routeKey) && source.indexOf('*') == source.length() - routeKey.length() - 1;
    }

    private static String aliasOf(TemplateView s, String rendered) {
        return refs(rendered).stream().filter(x -> "AWS::Lambda::Alias".equals(s.typeOf(x))
                || "AWS::Lambda::Function".equals(s.typeOf(x))).findFirst().orElse(rendered);
    }
}
