package dev.switchboard.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * A project's {@value #FILE}: its environments, each in the shape of Switchboard's own cdk.json
 * {@code context.environments.<name>} (account, regions, routes, ...; {@link Environments#resolve} reads it). The
 * project's CDK app, its Pulumi program and the local API all read this one file, so a route is declared once.
 *
 * @param environments the settings of each environment, by name
 */
public record ProjectConfig(Map<String, Object> environments) {
    /** The file name, at the project's root. */
    public static final String FILE = "switchboard.json";
    private static final String EXAMPLE = "{\"environments\": {\"dev\": {\"routes\": [{\"routeKey\": \"typing\","
            + " \"handler\": \"com.example.chat.TypingHandler\"}]}}}";

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException when it is missing or not JSON; a {@link BlueprintException} naming the field
     *                                  when a field is wrong
     */
    public static ProjectConfig read(Path file) {
        Map<String, Object> root;
        try {
            root = Events.JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() { });
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no " + FILE + " in " + file.getParent() + ": create it with the"
                    + " project's routes, e.g. " + EXAMPLE);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a JSON object: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "); it should read like " + EXAMPLE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null) {
            throw new IllegalArgumentException(file + " is empty; it should read like " + EXAMPLE);
        }
        for (String key : root.keySet()) {
            if (!key.equals("environments") && !key.equals("//")) {
                throw new BlueprintException(key, "unknown setting in " + FILE, "use \"environments\" (and \"//\""
                        + " for a comment)");
            }
        }
        Object envs = root.get("environments");
        if (!(envs instanceof Map<?, ?> m)) {
            throw new BlueprintException("environments", "missing or not an object in " + FILE, "write " + EXAMPLE);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new ProjectConfig(typed);
    }

    /** The blueprint of environment {@code name}: {@code Blueprint.reference(Environments.resolve(name, ...))}. */
    public Blueprint blueprint(String name) {
        Object settings = environments.get(name);
        if (settings == null && !environments.isEmpty() && !Environments.defaults().containsKey(name)) {
            throw new BlueprintException("environments." + name, "not defined in " + FILE,
                    "use one of " + new TreeSet<>(environments.keySet()));
        }
        if (settings != null && !(settings instanceof Map)) {
            throw new BlueprintException("environments." + name, "expected an object", "write " + EXAMPLE);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> s = (Map<String, ?>) settings;
        return Blueprint.reference(Environments.resolve(name, s));
    }
}
