package dev.switchboard.cdk;

import dev.switchboard.blueprint.Route;
import java.util.List;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * A route {@link Switchboard#addRoute} added: the route as the guards and renderers see it, the API Gateway route,
 * the function it invokes and the function's alarms.
 *
 * @param spec    route key, function short name (in alarm and physical names) and two-way
 * @param route   the API Gateway route
 * @param handler what the integration invokes: the user's function, or the {@code live} alias of the function
 *                Switchboard built
 * @param alarms  the function's alarms (the blueprint's function alarms)
 */
public record SwitchboardRoute(Route spec, CfnRoute route, IFunction handler, List<Alarm> alarms) {
    public SwitchboardRoute {
        alarms = List.copyOf(alarms);
    }

    /** The route key. */
    public String routeKey() {
        return spec.routeKey();
    }
}
