package dev.switchboard.blueprint;

import java.util.regex.Pattern;

/**
 * One WebSocket route. Route selection is {@code $request.body.action}, so a custom route's key is the action name.
 *
 * @param routeKey   {@code $connect}, {@code $disconnect}, {@code $default} or an action name
 * @param function   the {@link FunctionSpec#name()} integrated with this route
 * @param twoWay     whether the route has a route response, so that the handler's return body reaches the sender
 * @param authorized whether the Lambda authorizer runs; only {@code $connect} can carry it (API Gateway runs
 *                   authorizers on the handshake alone)
 */
public record Route(String routeKey, String function, boolean twoWay, boolean authorized) {
    public static final String CONNECT = "$connect";
    public static final String DISCONNECT = "$disconnect";
    public static final String DEFAULT = "$default";
    /** The route selection expression every renderer uses. */
    public static final String SELECTION_EXPRESSION = "$request.body.action";

    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Route {
        Check.notBlank("routes[].routeKey", routeKey, "use $connect, $disconnect, $default or an action name");
        String field = "routes." + routeKey;
        boolean special = routeKey.equals(CONNECT) || routeKey.equals(DISCONNECT) || routeKey.equals(DEFAULT);
        if (!special && !ACTION.matcher(routeKey).matches()) {
            throw new BlueprintException(field + ".routeKey", "'" + routeKey + "' is not a valid route key",
                    "use $connect, $disconnect, $default or an action name of letters, digits, '-' and '_'"
                            + " (at most 64 characters)");
        }
        Check.notBlank(field + ".function", function, "name the function (functions[].name) that handles this route");
        if (authorized && !routeKey.equals(CONNECT)) {
            throw new BlueprintException(field + ".authorized", "an authorizer can only run on $connect",
                    "remove the authorizer from '" + routeKey + "'; API Gateway authorizes the handshake only");
        }
        if (twoWay && (routeKey.equals(CONNECT) || routeKey.equals(DISCONNECT))) {
            throw new BlueprintException(field + ".twoWay", "route responses do not apply to " + routeKey,
                    "set twoWay to false; the $connect result decides the handshake and $disconnect's is ignored");
        }
    }

    /** Whether this is one of API Gateway's three predefined routes. */
    public boolean predefined() {
        return routeKey.startsWith("$");
    }
}
