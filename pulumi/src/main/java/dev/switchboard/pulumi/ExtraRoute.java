package dev.switchboard.pulumi;

import com.pulumi.asset.Archive;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.TableAccess;

import java.util.Objects;

/**
 * A route of the user's own whose handler lives in the user's jar, not in Switchboard's handler jar (the Pulumi side
 * of CDK's {@code Switchboard.addRoute}). {@link SwitchboardArgs#withRoute} adds it to the blueprint as a
 * {@link CustomRoute}, so it gets what a blueprint route gets: a function through the {@code live} alias with
 * SnapStart, its log group and role, the narrowest table grant for {@code tableAccess}, the management API grant when
 * asked, a Lambda permission scoped to its route, a route response when two-way, and the function alarms.
 *
 * @param route the route key, handler class, two-way, table access and management API (defaults: one-way, no table
 *              access, no management API)
 * @param code  the jar that holds {@code route.handler()} (e.g. {@code new FileArchive("build/chat-handlers.jar")})
 */
public record ExtraRoute(CustomRoute route, Archive code) {
    public ExtraRoute {
        Objects.requireNonNull(route, "route");
        if (code == null) {
            throw new BlueprintException("routes." + route.routeKey() + ".code", "no handler jar",
                    "pass the jar that holds " + route.handler() + ", e.g. new FileArchive(\"build/handlers.jar\")");
        }
    }

    /** A one-way route without table access or management API, handled by {@code handler} in {@code code}. */
    public static ExtraRoute of(String routeKey, String handler, Archive code) {
        return new ExtraRoute(new CustomRoute(routeKey, handler, false, TableAccess.NONE, false), code);
    }

    /** This route with a route response: the handler's return body goes back to the sender. */
    public ExtraRoute twoWay() {
        return with(new CustomRoute(route.routeKey(), route.handler(), true, route.tableAccess(),
                route.managementApi()));
    }

    /** This route with {@code access} to the connection table (read actions only for {@link TableAccess#READ}). */
    public ExtraRoute withTableAccess(TableAccess access) {
        return with(new CustomRoute(route.routeKey(), route.handler(), route.twoWay(), access, route.managementApi()));
    }

    /** This route allowed to post to and delete connections (and given the callback URL). */
    public ExtraRoute withManagementApi() {
        return with(new CustomRoute(route.routeKey(), route.handler(), route.twoWay(), route.tableAccess(), true));
    }

    /** The blueprint function that serves this route. */
    public String functionName() {
        return route.functionName();
    }

    private ExtraRoute with(CustomRoute r) {
        return new ExtraRoute(r, code);
    }
}
