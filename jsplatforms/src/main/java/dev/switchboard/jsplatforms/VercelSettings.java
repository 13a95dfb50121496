package dev.switchboard.jsplatforms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Route;

import java.time.Duration;

/**
 * The function's settings (its {@code SWITCHBOARD} environment variable): the Cloudflare Worker's settings, rendered
 * by the same {@link WorkerSettings} from the blueprint (the function validates them with the Worker's own
 * {@code config.mjs}), plus {@code vercel}: the function's maximum duration, how long before it the server closes
 * a connection itself (docs/vercel.md, "Maximum duration") and the instances' heartbeat ("Stopping instances").
 *
 * <p>A blueprint is refused, naming the route and the fix, when it has a custom route (a Java handler class; Vercel
 * has no Java runtime) or routes an action to a handler other than the reference one.
 */
public final class VercelSettings {
    /** Vercel's default maximum duration of a function (vercel.com/docs/functions/limitations): 300 s. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(300);
    /** How often an instance records that it lives; silent for three beats, it is swept (sweeper.mjs). */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** How long before the platform's cut-off the server closes a connection itself (deployments). */
    public static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private VercelSettings() {
    }

    /**
     * The settings as a JSON object.
     *
     * @param maxDuration  the function's maximum duration (whole seconds, at least 1 s above {@code closeMargin})
     * @param closeMargin  how long before {@code maxDuration} the server closes; zero locally, where nothing else cuts
     * @param heartbeat    how often an instance records that it lives ({@link #HEARTBEAT} unless a test needs less)
     * @param devTokens    whether the function serves dev tokens (the local runner only)
     */
    public static ObjectNode render(Blueprint b, String issuer, String audience, String jwksUrl, Duration maxDuration,
                                    Duration closeMargin, Duration heartbeat, boolean devTokens) {
        refuseForeignRoutes(b);
        if (maxDuration.toMillis() % 1000 != 0 || maxDuration.toSeconds() <= closeMargin.toSeconds()) {
            throw new BlueprintException("vercel.maxDuration", "must be whole seconds above the close margin of "
                    + closeMargin.toSeconds() + " s, got " + maxDuration, "set vercel:maxDuration (or --max-duration)"
                    + " to a whole number of seconds above " + closeMargin.toSeconds() + " s");
        }
        ObjectNode root = WorkerSettings.render(b, issuer, audience, jwksUrl, 1, devTokens);
        root.remove("shards"); // connection shards are the Worker's; instances here are the platform's to scale
        ObjectNode vercel = root.putObject("vercel");
        vercel.put("maxDurationSeconds", maxDuration.toSeconds());
        vercel.put("closeMarginSeconds", closeMargin.toSeconds());
        vercel.put("heartbeatMillis", heartbeat.toMillis());
        return root;
    }

    private static void refuseForeignRoutes(Blueprint b) {
        for (Route r : b.routes()) {
            if (r.predefined()) {
                continue;
            }
            String handler = b.function(r.function()).handler();
            String expected = WorkerSettings.BUILT_IN_ACTIONS.get(r.routeKey());
            String field = "routes." + r.routeKey();
            if (expected == null) {
                throw new BlueprintException(field, "a custom route (handler " + handler + ") is a Java class, and"
                        + " Vercel Functions have no Java runtime", "remove it from environments."
                        + b.environment().name() + ".customRoutes for Vercel, or deploy this environment to AWS");
            }
            if (!expected.equals(handler)) {
                throw new BlueprintException(field + ".function", "routes '" + r.routeKey() + "' to " + handler
                        + ", which the Vercel function cannot run", "route it to " + expected + " (the function"
                        + " implements that handler's protocol) or deploy this environment to AWS");
            }
        }
    }
}
