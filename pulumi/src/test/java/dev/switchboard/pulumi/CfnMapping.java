package dev.switchboard.pulumi;

import com.google.gson.Gson;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a pulumi-aws resource's inputs against the CloudFormation resource schema of the type it corresponds to, by
 * the table in {@code cfn-schema-map.json} (beside this class): for each type token its CloudFormation type, for each
 * input its property, and for each token or input without one the reason. An input path is written with {@code .}
 * between keys and {@code []} for a list's elements; a nested key without an entry maps to its PascalCase name under
 * its parent's property, and must exist there; a top-level input must have an entry. A property path may go through
 * lists ({@code KeySchema[].AttributeName}); a map input may map its keys and values to two properties
 * ({@code {"keys": "Dimensions[].Name", "values": "Dimensions[].Value"}}). Values are checked against {@code pattern},
 * {@code enum}, {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum} and {@code minItems}/{@code maxItems}.
 */
final class CfnMapping {
    static final String FILE = "cfn-schema-map.json";

    /** A value the schema refuses, or an input the table does not account for. */
    record Finding(String resource, String path, String message) {
        @Override
        public String toString() {
            return resource + " " + path + ": " + message;
        }
    }

    private final Map<String, Map<String, Object>> types;
    private final Map<String, String> typeGaps;
    private final Set<String> used = new TreeSet<>();

    @SuppressWarnings("unchecked")
    private CfnMapping(Map<String, Object> file) {
        this.types = (Map<String, Map<String, Object>>) file.get("types");
        this.typeGaps = (Map<String, String>) file.get("typeGaps");
    }

    static CfnMapping load() {
        try (Reader r = new InputStreamReader(CfnMapping.class.getResourceAsStream(FILE), StandardCharsets.UTF_8)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> file = new Gson().fromJson(r, Map.class);
            return new CfnMapping(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reason a token has no CloudFormation type, or null when it has one or is not in the table. */
    String typeGap(String token) {
        for (Map.Entry<String, String> g : typeGaps.entrySet()) {
            String k = g.getKey();
            if (k.equals(token) || (k.endsWith("*") && token.startsWith(k.substring(0, k.length() - 1)))) {
                used.add("typeGaps " + k);
                return g.getValue();
            }
        }
        return null;
    }

    /** The CloudFormation type of a token, or null when the table has none. */
    String cfnType(String token) {
        Map<String, Object> t = types.get(token);
        return t == null ? null : (String) t.get("cfn");
    }

    /** Every table entry, as {@code <token> <input path>}, {@code typeGaps <token>} or {@code types <token>}. */
    Set<String> entries() {
        Set<String> all = new TreeSet<>();
        typeGaps.keySet().forEach(k -> all.add("typeGaps " + k));
        types.forEach((token, t) -> {
            all.add("types " + token);
            inputs(token).keySet().forEach(k -> all.add(token + " " + k));
        });
        return all;
    }

    /** The entries {@link #check} and {@link #typeGap} have consulted so far. */
    Set<String> used() {
        return Set.copyOf(used);
    }

    /** Every gap in the table: {@code <token>} or {@code <token> <input path>} with its reason. */
    Map<String, String> gaps() {
        Map<String, String> out = new LinkedHashMap<>(typeGaps);
        types.forEach((token, t) -> inputs(token).forEach((path, v) -> {
            if (v instanceof Map<?, ?> m && m.containsKey("gap")) {
                out.put(token + " " + path, (String) m.get("gap"));
            }
        }));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> inputs(String token) {
        return (Map<String, Object>) types.get(token).getOrDefault("inputs", Map.of());
    }

    /** Checks {@code inputs} of the resource {@code name} of type {@code token} against {@code schema}. */
    List<Finding> check(String name, String token, Map<String, Object> inputs, Map<String, Object> schema) {
        used.add("types " + token);
        Walk w = new Walk(name, token, schema);
        inputs.forEach((k, v) -> w.key(k, k, v, schema, ""));
        return w.findings;
    }

    private final class Walk {
        final String resource;
        final String token;
        final Map<String, Object> root;
        final List<Finding> findings = new ArrayList<>();

        Walk(String resource, String token, Map<String, Object> root) {
            this.resource = resource;
            this.token = token;
            this.root = root;
        }

        void key(String path, String key, Object value, Map<String, Object> parent, String cfnPath) {
            Object entry = inputs(token).get(path);
            if (entry != null) {
                used.add(token + " " + path);
            }
            if (entry == null && !path.contains(".") && !path.contains("[]")) {
                findings.add(new Finding(resource, path, "input not in " + FILE + " (map it to a property of "
                        + cfnType(token) + " or list it as a gap with its reason)"));
                return;
            }
            if (entry instanceof Map<?, ?> m && m.containsKey("gap")) {
                return;
            }
            if (entry instanceof Map<?, ?> m && m.containsKey("keys")) {
                if (!(value instanceof Map<?, ?> map)) {
                    findings.add(new Finding(resource, path, "mapped by keys/values but is not a map: " + value));
                    return;
                }
                map.forEach((k, v) -> {
                    at(path + " key", k, parent, cfnPath, (String) m.get("keys"));
                    at(path + "." + k, v, parent, cfnPath, (String) m.get("values"));
                });
                return;
            }
            at(path, value, parent, cfnPath, entry == null ? pascal(key) : (String) entry);
        }

        void at(String path, Object value, Map<String, Object> parent, String cfnPath, String target) {
            Map<String, Object> node = resolve(parent, target);
            String full = cfnPath.isEmpty() ? target : cfnPath + "." + target;
            if (node == null) {
                findings.add(new Finding(resource, path, cfnType(token) + " has no property " + full
                        + " (map the input in " + FILE + " or list it as a gap with its reason)"));
                return;
            }
            value(path, value, node, full);
        }

        @SuppressWarnings("unchecked")
        void value(String path, Object value, Map<String, Object> node, String cfnPath) {
            node = deref(node);
            if (value instanceof List<?> list) {
                limit(path, list.size(), node, "minItems", "maxItems", "items");
                Map<String, Object> items = items(node);
                for (Object element : list) {
                    // a list where the schema has one object (a Route 53 alias target) is checked element by element
                    value(path + "[]", element, items != null ? items : node, items != null ? cfnPath + "[]" : cfnPath);
                }
            } else if (value instanceof Map<?, ?> map) {
                Map<String, Object> props = properties(node);
                Map<String, Object> patterns = (Map<String, Object>) node.get("patternProperties");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String k = e.getKey().toString();
                    if (!props.isEmpty() || patterns == null) {
                        if (props.isEmpty() && !(node.get("additionalProperties") instanceof Map)) {
                            if (!objectTyped(node)) {
                                findings.add(new Finding(resource, path, "a map where " + cfnPath + " is "
                                        + node.get("type") + " (map its keys in " + FILE + ")"));
                                return;
                            }
                            continue; // a free-form object (a policy document): the schema says nothing of its keys
                        }
                        if (props.isEmpty()) {
                            value(path + "." + k, e.getValue(), (Map<String, Object>) node.get("additionalProperties"),
                                    cfnPath + "." + k);
                        } else {
                            key(path + "." + k, k, e.getValue(), node, cfnPath);
                        }
                        continue;
                    }
                    String matched = patterns.keySet().stream().filter(p -> Pattern.compile(p).matcher(k).find())
                            .findFirst().orElse(null);
                    if (matched == null) {
                        findings.add(new Finding(resource, path + "." + k, "key matches none of " + patterns.keySet()
                                + " at " + cfnPath));
                    } else {
                        value(path + "." + k, e.getValue(), (Map<String, Object>) patterns.get(matched), cfnPath + "." + k);
                    }
                }
            } else if (value != null) {
                leaf(node, value).forEach(m -> findings.add(new Finding(resource, path, cfnPath + " " + m)));
            }
        }

        void limit(String path, int n, Map<String, Object> node, String min, String max, String what) {
            if (node.get(min) instanceof Number lo && n < lo.doubleValue()) {
                findings.add(new Finding(resource, path, n + " " + what + ", fewer than " + min + " " + lo));
            }
            if (node.get(max) instanceof Number hi && n > hi.doubleValue()) {
                findings.add(new Finding(resource, path, n + " " + what + ", more than " + max + " " + hi));
            }
        }

        /** What a scalar breaks at {@code node}; of anyOf/oneOf branches, one must accept it. */
        @SuppressWarnings("unchecked")
        List<String> leaf(Map<String, Object> node, Object value) {
            node = deref(node);
            List<String> out = new ArrayList<>();
            String text = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? Long.toString(n.longValue()) : value.toString();
            if (node.get("enum") instanceof List<?> allowed && allowed.stream().map(a -> a instanceof Number n
                    && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : String.valueOf(a))
                    .noneMatch(text::equals)) {
                out.add("'" + text + "' is not one of " + allowed);
            }
            if (!(value instanceof Boolean)) {
                if (node.get("pattern") instanceof String p && !compile(p).matcher(text).find()) {
                    out.add("'" + text + "' does not match " + p);
                }
                int length = text.codePointCount(0, text.length());
                if (value instanceof String && node.get("minLength") instanceof Number lo && length < lo.doubleValue()) {
                    out.add("'" + text + "' is shorter than minLength " + lo.longValue());
                }
                if (value instanceof String && node.get("maxLength") instanceof Number hi && length > hi.doubleValue()) {
                    out.add("'" + text + "' (" + length + ") is longer than maxLength " + hi.longValue());
                }
            }
            if (value instanceof Number n) {
                if (node.get("minimum") instanceof Number lo && n.doubleValue() < lo.doubleValue()) {
                    out.add(text + " is below minimum " + lo);
                }
                if (node.get("maximum") instanceof Number hi && n.doubleValue() > hi.doubleValue()) {
                    out.add(text + " is above maximum " + hi);
                }
            }
            for (Object sub : (List<Object>) node.getOrDefault("allOf", List.of())) {
                out.addAll(leaf((Map<String, Object>) sub, value));
            }
            for (String any : List.of("anyOf", "oneOf")) {
                List<Object> branches = (List<Object>) node.get(any);
                if (branches != null) {
                    List<List<String>> each = branches.stream().map(b -> leaf((Map<String, Object>) b, value)).toList();
                    if (each.stream().noneMatch(List::isEmpty)) {
                        out.add("matches no " + any + " branch: " + each);
                    }
                }
            }
            return out;
        }

        /** The node {@code target} ({@code A.B[].C}; empty: {@code parent} itself) names below {@code parent}, or null. */
        @SuppressWarnings("unchecked")
        Map<String, Object> resolve(Map<String, Object> parent, String target) {
            Map<String, Object> node = parent;
            if (target.isEmpty()) {
                return parent;
            }
            for (String step : target.split("\\.")) {
                boolean list = step.endsWith("[]");
                String name = list ? step.substring(0, step.length() - 2) : step;
                node = (Map<String, Object>) properties(deref(node)).get(name);
                if (node == null) {
                    return null;
                }
                if (list) {
                    node = items(node);
                    if (node == null) {
                        return null;
                    }
                }
            }
            return node;
        }

        /** The node's properties, with those of its allOf/anyOf/oneOf branches. */
        @SuppressWarnings("unchecked")
        Map<String, Object> properties(Map<String, Object> node) {
            node = deref(node);
            Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) node.getOrDefault("properties", Map.of()));
            for (String branch : List.of("allOf", "anyOf", "oneOf")) {
                for (Object sub : (List<Object>) node.getOrDefault(branch, List.of())) {
                    properties((Map<String, Object>) sub).forEach(props::putIfAbsent);
                }
            }
            return props;
        }

        /** The schema of a list's elements, from the node or one of its allOf/anyOf/oneOf branches; null if none. */
        @SuppressWarnings("unchecked")
        Map<String, Object> items(Map<String, Object> node) {
            node = deref(node);
            if (node.get("items") instanceof Map<?, ?> items) {
                return (Map<String, Object>) items;
            }
            for (String branch : List.of("allOf", "anyOf", "oneOf")) {
                for (Object sub : (List<Object>) node.getOrDefault(branch, List.of())) {
                    Map<String, Object> found = items((Map<String, Object>) sub);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        /** Whether the node (or a branch of it) allows an object, or says nothing of its type. */
        @SuppressWarnings("unchecked")
        boolean objectTyped(Map<String, Object> node) {
            node = deref(node);
            Object type = node.get("type");
            if (type == null && !node.containsKey("anyOf") && !node.containsKey("oneOf") && !node.containsKey("allOf")) {
                return true;
            }
            if ("object".equals(type) || (type instanceof List<?> l && l.contains("object"))) {
                return true;
            }
            for (String branch : List.of("allOf", "anyOf", "oneOf")) {
                for (Object sub : (List<Object>) node.getOrDefault(branch, List.of())) {
                    if (objectTyped((Map<String, Object>) sub)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> deref(Map<String, Object> node) {
            while (node.get("$ref") instanceof String ref) {
                Object cur = root;
                for (String part : ref.substring(2).split("/")) {
                    cur = ((Map<String, Object>) cur).get(part);
                }
                node = (Map<String, Object>) cur;
            }
            return node;
        }
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern compile(String ecmaPattern) {
        return PATTERNS.computeIfAbsent(ecmaPattern, p -> {
            try {
                return Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException("a schema pattern Java cannot compile: " + p, e);
            }
        });
    }

    /** {@code cloudwatchMetricsEnabled} to {@code CloudwatchMetricsEnabled}; the table maps the exceptions. */
    static String pascal(String camel) {
        return camel.isEmpty() ? camel : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }
}
