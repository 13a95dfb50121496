package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Route;
import java.util.stream.Collectors;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.refs;
import static dev.switchboard.cdk.guards.TemplateView.render;

/**
 * {@link Guard#TWO_WAY_WITHOUT_ROUTE_RESPONSE}: a two-way route (declared so, or with a route response selection
 * expression) has a route response.
 */
final class TwoWayWithoutRouteResponse {
    private TwoWayWithoutRouteResponse() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        twoWay(declared, s, out);
    }

    private static void twoWay(Declared declared, TemplateView s, List<Violation> out) {
        Map<String, Map<String, Object>> routes = s.ofType("AWS::ApiGatewayV2::Route");
        if (routes.isEmpty()) {
            return;
        }
        Set<String> withResponse = new HashSet<>();
        s.ofType("AWS::ApiGatewayV2::RouteResponse").values().forEach(r ->
                withResponse.addAll(refs(render(props(r).get("RouteId")))));
        Set<String> twoWayKeys = declared.routes().stream().filter(Route::twoWay).map(Route::routeKey)
                .collect(Collectors.toSet());
        routes.forEach((id, r) -> {
            Object key = props(r).get("RouteKey");
            boolean selects = props(r).get("RouteResponseSelectionExpression") != null;
            if ((twoWayKeys.contains(String.valueOf(key)) || selects)
                    && (!selects || !withResponse.contains(id))) {
                out.add(new Violation(Guard.TWO_WAY_WITHOUT_ROUTE_RESPONSE, s.name(), id, "route " + key
                        + " is two-way but has " + (selects ? "no AWS::ApiGatewayV2::RouteResponse"
                        : "no RouteResponseSelectionExpression") + "; replies would never reach the sender"));
            }
        });
    }
}
