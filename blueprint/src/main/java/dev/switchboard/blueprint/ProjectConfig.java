package dev.switchboard.blueprint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A project's configuration, {@value #FILE} at its root: its routes (shared by every environment) and its
 * environments, each in the shape of Switchboard's own cdk.json {@code context.environments.<name>} (account, regions,
 * ...; {@link Environments#resolve} reads it; an environment's own {@code routes} replace the shared ones). A project built on Switchboard has its CDK app, its Pulumi program and the local API read this one file, so a
 * route is declared once. Each entry point parses the JSON with its own JSON library and hands the parsed map here.
 *
 * @param routes       the routes of every environment, as {@code environments.<name>.routes} takes them, or null
 * @param environments the settings of each environment, by name
 */
public record ProjectConfig(Object routes, Map<String, Object> environments) {
    /** The file name, at the project's root. */
    public static final String FILE = "switchboard.json";
    /** A minimal valid file, quoted in error messages. */
    public static final String EXAMPLE = "{\"routes\": [{\"routeKey\": \"typing\", \"handler\":"
            + " \"com.example.chat.TypingHandler\"}], \"environments\": {\"dev\": {}}}";

    /**
     * The configuration in {@code root}, the parsed file.
     *
     * @throws BlueprintException naming the field when a top-level field is unknown or {@code environments} is not
     *                            an object
     */
    public static ProjectConfig of(Map<String, ?> root) {
        if (root == null) {
            throw new BlueprintException(FILE, "empty", "write " + EXAMPLE);
        }
        for (String key : root.keySet()) {
            if (!key.equals("routes") && !key.equals("environments") && !key.equals("//")) {
                throw new BlueprintException(key, "unknown setting in " + FILE, "use \"routes\", \"environments\""
                        + " (and \"//\" for a comment)");
            }
        }
        if (!(root.get("environments") instanceof Map<?, ?> m)) {
            throw new BlueprintException("environments", "missing or not an object in " + FILE, "write " + EXAMPLE);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new ProjectConfig(root.get("routes"), typed);
    }

    /**
     * The blueprint of environment {@code name}: {@code Blueprint.reference(Environments.resolve(name, settings))}.
     *
     * @throws BlueprintException naming the field (an environment the file does not define, a bad route, ...)
     */
    public Blueprint blueprint(String name) {
        Object settings = environments.get(name);
        if (settings == null && !Environments.defaults().containsKey(name)) {
            throw new BlueprintException("environments." + name, "not defined in " + FILE,
                    "use one of " + new TreeSet<>(environments.keySet()) + " or add it");
        }
        if (settings != null && !(settings instanceof Map)) {
            throw new BlueprintException("environments." + name, "expected an object", "write " + EXAMPLE);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> s = settings == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, Object>) settings);
        if (routes == null || s.containsKey("routes")) {
            return Blueprint.reference(Environments.resolve(name, s));
        }
        s.put("routes", routes);
        try {
            return Blueprint.reference(Environments.resolve(name, s));
        } catch (BlueprintException e) {
            // the shared routes are named as the file names them
            String prefix = "environments." + name + ".routes";
            if (!e.field().startsWith(prefix)) {
                throw e;
            }
            String field = "routes" + e.field().substring(prefix.length());
            String rest = e.getMessage().substring(e.field().length() + 2);
            int fix = rest.indexOf(". Fix: ");
            throw new BlueprintException(field, rest.substring(0, fix), rest.substring(fix + ". Fix: ".length()));
        }
    }
}
