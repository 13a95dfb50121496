package dev.switchboard.local;

import dev.switchboard.blueprint.Blueprint;

/**
 * What the local API runs at one moment: the blueprint (routes, limits) and the functions built for it. The gateway
 * holds one behind a single reference and a request reads it once, so that a reload between two reads cannot pair
 * an old route with new code; a reload replaces the whole snapshot.
 *
 * @param blueprint the routes, functions and limits
 * @param functions a built handler for every function of {@code blueprint}
 */
record Deployment(Blueprint blueprint, Functions functions) {
}
