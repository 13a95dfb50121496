package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.refs;
import static dev.switchboard.cdk.guards.TemplateView.render;

/**
 * {@link Guard#ALIAS_BYPASSED}: an integration, an authorizer or an API Gateway permission that targets a function with
 * SnapStart on published versions directly (its unpublished {@code $LATEST}) instead of a version or alias. SnapStart
 * runs on published versions only (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html). A function without
 * SnapStart, such as a user's plain function on a route, may be targeted directly.
 */
final class AliasBypassed {
    private AliasBypassed() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
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
            List<String> bare = refs(text).stream().filter(x -> snapStart(s, x)).sorted().toList();
            if (!bare.isEmpty()) {
                out.add(new Violation(Guard.ALIAS_BYPASSED, s.name(), id, "targets " + text + " (function " + bare
                        + " with SnapStart) instead of the '" + Blueprint.LIVE_ALIAS + "' alias (runs the unpublished"
                        + " function or answers 500)"));
            }
        });
    }

    /** Whether {@code logicalId} is a function with SnapStart on published versions. */
    private static boolean snapStart(TemplateView s, String logicalId) {
        Map<String, Object> f = s.resources().get(logicalId);
        return f != null && "AWS::Lambda::Function".equals(f.get("Type"))
                && props(f).get("SnapStart") instanceof Map<?, ?> m && "PublishedVersions".equals(m.get("ApplyOn"));
    }
}
