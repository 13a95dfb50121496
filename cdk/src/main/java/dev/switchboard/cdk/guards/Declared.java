package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Route;
import java.util.List;

/**
 * What a system declares, against which the guards judge its templates: the blueprint (regions, access logs, limits)
 * and its routes, the blueprint's plus those added with {@code Switchboard.addRoute}.
 */
record Declared(Blueprint blueprint, List<Route> routes) {
    Declared {
        routes = List.copyOf(routes);
    }

    static Declared of(Blueprint blueprint) {
        return new Declared(blueprint, blueprint.routes());
    }
}
