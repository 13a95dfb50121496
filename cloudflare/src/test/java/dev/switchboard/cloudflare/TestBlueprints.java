package dev.switchboard.cloudflare;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Blueprints of the tests. */
final class TestBlueprints {
    private TestBlueprints() {
    }

    /**
     * The {@code dev} reference blueprint with the v2 {@code members} route (docs/protocol.md v2: a two-way route to
     * the rooms function), added here while {@link Blueprint#reference} does not route it yet.
     */
    static Blueprint devWithMembers() {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        if (b.route("members") != null) {
            return b;
        }
        List<Route> routes = new ArrayList<>(b.routes());
        routes.add(new Route("members", "rooms", true, false));
        return new Blueprint(b.name(), b.functions(), routes, b.authorizer(), b.dataModel(), b.limits(), b.alarms(),
                b.environment());
    }
}
