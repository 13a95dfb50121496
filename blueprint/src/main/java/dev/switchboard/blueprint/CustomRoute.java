package dev.switchboard.blueprint;

/**
 * A user's own route, declared in the blueprint or in an environment's configuration: its key (the {@code action})
 * and the handler class; every renderer adds a function and a route for it.
 *
 * @param routeKey      the action name
 * @param handler       the handler class, packaged in the handler jar
 * @param twoWay        whether the handler's return body goes back to the sender
 * @param tableAccess   the handler's access to the connection table
 * @param managementApi whether it posts to connections
 */
public record CustomRoute(String routeKey, String handler, boolean twoWay, TableAccess tableAccess,
                          boolean managementApi) {
    public CustomRoute {
        new Route(routeKey, "custom", twoWay, false);
        if (routeKey.startsWith("$")) {
            throw new BlueprintException("routes." + routeKey, "a custom route cannot replace a predefined route",
                    "choose an action name without '$'");
        }
        Check.notBlank("routes." + routeKey + ".handler", handler, "name the handler class");
        tableAccess = tableAccess == null ? TableAccess.NONE : tableAccess;
    }

    /** The function name derived from the route key. */
    public String functionName() {
        return routeKey.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
