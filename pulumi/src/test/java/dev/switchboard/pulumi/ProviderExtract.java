package dev.switchboard.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.CustomType;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.PinnedProvider;
import dev.switchboard.pulumi.provider.SchemaType;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A committed extract of one pinned provider's schema (the tokens and input names of the resources and input types a
 * platform's program uses; the file says where it was taken from), and the one check every platform's thin resource
 * classes go through: mocks accept any token and any input, so only this catches a misspelt one before
 * {@code pulumi up} does. Format: {@code {"provider", "version", "from", "pluginDownloadURL" (only for a provider
 * Pulumi does not publish), "resources": {token: {"inputs", "required", "outputs"}}, "functions": {token: {"inputs",
 * "required", "outputs"}}, "types": {name: {"inputs", "required"}}}}; pulumi/tools/extract-ts-sdk.py writes it from
 * a provider's npm package.
 */
public final class ProviderExtract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String name;
    private final JsonNode root;

    private ProviderExtract(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /** The extract {@code resource}, a class-path resource relative to {@code anchor}'s package. */
    public static ProviderExtract load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no extract " + resource + " beside " + anchor.getName());
            }
            return new ProviderExtract(resource, JSON.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    public String version() {
        return root.path("version").asText();
    }

    /**
     * Checks the resource classes (and function classes: a {@code TYPE}, a nested {@code Args} and a {@code Result}
     * whose builder's setters name outputs) against the extract: the extract is of {@code provider}'s version; each
     * class's {@code TYPE} is a token of this provider and of the extract; each {@code @Export} is an output; each {@code @Import} of its {@code Args}, and of every
     * nested argument class reachable from it (each must carry {@link SchemaType}), is an input of the token or type;
     * an import is {@code required} exactly when the provider requires it, and every required input is declared.
     *
     * @return the problems found, one line each (empty: all agree)
     */
    public List<String> problems(PinnedProvider provider, List<Class<?>> classes) {
        List<String> out = new ArrayList<>();
        if (!provider.version().equals(version())) {
            out.add(name + " is of version " + version() + ", the classes pin " + provider.version());
        }
        String url = root.hasNonNull("pluginDownloadURL") ? root.get("pluginDownloadURL").asText() : null;
        if (!java.util.Objects.equals(url, provider.pluginDownloadUrl())) {
            out.add(name + " downloads the plugin from " + url + ", the classes from " + provider.pluginDownloadUrl());
        }
        for (Class<?> c : classes) {
            String token;
            try {
                Field f = c.getField("TYPE");
                token = (String) f.get(null);
            } catch (ReflectiveOperationException e) {
                out.add(c.getName() + " has no public static TYPE");
                continue;
            }
            if (!provider.owns(token)) {
                out.add(c.getSimpleName() + ": " + token + " is not a token of " + provider.name());
            }
            boolean resource = CustomResource.class.isAssignableFrom(c);
            JsonNode entry = root.path(resource ? "resources" : "functions").path(token);
            if (entry.isMissingNode()) {
                out.add(c.getSimpleName() + ": " + token + " is not a " + (resource ? "resource" : "function")
                        + " of " + name);
                continue;
            }
            Set<String> outputs = strings(entry.get("outputs"));
            if (resource) {
                for (Field f : c.getDeclaredFields()) {
                    Export e = f.getAnnotation(Export.class);
                    if (e != null && entry.has("outputs") && !outputs.contains(e.name())) {
                        out.add(c.getSimpleName() + "." + f.getName() + " exports " + e.name()
                                + ", not an output of " + token);
                    }
                }
            } else {
                Class<?> result = nested(c, "Result");
                Class<?> builder = result == null ? null : nested(result, "Builder");
                if (builder == null) {
                    out.add(c.getName() + " has no nested Result.Builder class");
                } else {
                    for (Method m : builder.getDeclaredMethods()) {
                        CustomType.Setter setter = m.getAnnotation(CustomType.Setter.class);
                        if (setter != null && !outputs.contains(setter.value())) {
                            out.add(c.getSimpleName() + ".Result sets " + setter.value() + ", not an output of "
                                    + token);
                        }
                    }
                }
            }
            Class<?> args = nested(c, "Args");
            if (args == null) {
                out.add(c.getName() + " has no nested Args class");
                continue;
            }
            Set<Class<?>> seen = new LinkedHashSet<>();
            checkArgs(token, entry, args, out, seen);
        }
        return out;
    }

    private void checkArgs(String where, JsonNode entry, Class<?> args, List<String> out, Set<Class<?>> seen) {
        if (!seen.add(args)) {
            return;
        }
        Set<String> inputs = strings(entry.get("inputs"));
        Set<String> required = strings(entry.get("required"));
        Set<String> declared = new TreeSet<>();
        for (Field f : args.getDeclaredFields()) {
            Import i = f.getAnnotation(Import.class);
            if (i == null || Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String label = args.getSimpleName() + "." + f.getName() + " (" + i.name() + ") of " + where;
            declared.add(i.name());
            if (!inputs.contains(i.name())) {
                out.add(label + " is not an input; the inputs are " + inputs);
            } else if (i.required() != required.contains(i.name())) {
                out.add(label + " is marked required=" + i.required() + ", the provider says "
                        + required.contains(i.name()));
            }
            Class<?> inner = argsClass(f.getGenericType());
            if (inner != null) {
                SchemaType t = inner.getAnnotation(SchemaType.class);
                if (t == null) {
                    out.add(inner.getName() + " (used by " + label + ") has no @SchemaType naming its provider type");
                    continue;
                }
                JsonNode typeEntry = root.path("types").path(t.value());
                if (typeEntry.isMissingNode()) {
                    out.add(inner.getSimpleName() + ": " + t.value() + " is not a type of " + name);
                    continue;
                }
                checkArgs(t.value(), typeEntry, inner, out, seen);
            }
        }
        for (String r : required) {
            if (!declared.contains(r)) {
                out.add(args.getSimpleName() + " of " + where + " does not declare the required input " + r);
            }
        }
    }

    /**
     * Checks one declared resource's serialized inputs: its type is in the extract, every input set is one of the
     * token's, every required one is set.
     */
    public List<String> problemsOfDeclared(String type, Map<String, ?> inputs) {
        List<String> out = new ArrayList<>();
        JsonNode entry = root.path("resources").path(type);
        if (entry.isMissingNode()) {
            out.add(type + " is not a resource of " + name);
            return out;
        }
        Set<String> names = strings(entry.get("inputs"));
        inputs.keySet().stream().filter(k -> !names.contains(k))
                .forEach(k -> out.add(type + " sets " + k + ", not an input"));
        strings(entry.get("required")).stream().filter(r -> inputs.get(r) == null)
                .forEach(r -> out.add(type + " leaves the required input " + r + " unset"));
        return out;
    }

    private static Class<?> nested(Class<?> c, String simpleName) {
        for (Class<?> n : c.getDeclaredClasses()) {
            if (n.getSimpleName().equals(simpleName)) {
                return n;
            }
        }
        return null;
    }

    /** The ResourceArgs class inside {@code Output<X>}, {@code Output<List<X>>} or {@code Output<Map<String, X>>}. */
    private static Class<?> argsClass(Type t) {
        if (t instanceof Class<?> c) {
            return ResourceArgs.class.isAssignableFrom(c) ? c : null;
        }
        if (t instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            Type[] a = p.getActualTypeArguments();
            if (raw == Output.class || raw == List.class) {
                return argsClass(a[0]);
            }
            if (raw == Map.class) {
                return argsClass(a[1]);
            }
        }
        return null;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
