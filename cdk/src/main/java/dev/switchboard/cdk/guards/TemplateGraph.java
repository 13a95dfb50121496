package dev.switchboard.cdk.guards;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A synthesized template's resources and what each depends on ({@code DependsOn} and every {@code Ref} or
 * {@code Fn::GetAtt} in its properties), for the guards that reason about creation order ({@link RollbackGuards},
 * {@link ProviderGuards}, {@link DnsHealthGuards}).
 */
final class TemplateGraph {
    private final Map<String, Map<String, Object>> resources;

    @SuppressWarnings("unchecked")
    TemplateGraph(Map<String, Object> template) {
        Object r = template.get("Resources");
        this.resources = r instanceof Map<?, ?> m ? (Map<String, Map<String, Object>>) m : Map.of();
    }

    Map<String, Map<String, Object>> resources() {
        return resources;
    }

    Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    String typeOf(String id) {
        Map<String, Object> r = resources.get(id);
        return r == null ? null : String.valueOf(r.get("Type"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        Object p = resource == null ? null : resource.get("Properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    Map<String, Object> props(String id) {
        return props(resources.get(id));
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} value names, or null. */
    static String target(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Object ref = m.get("Ref");
            if (ref != null) {
                return ref.toString();
            }
            if (m.get("Fn::GetAtt") instanceof List<?> l && !l.isEmpty()) {
                return l.get(0).toString();
            }
        }
        return null;
    }

    /** What {@code id} depends on directly: its {@code DependsOn} and the resources its properties refer to. */
    Set<String> direct(String id) {
        Map<String, Object> r = resources.get(id);
        Set<String> out = new HashSet<>(TemplateView.refsIn(props(r)));
        Object dependsOn = r == null ? null : r.get("DependsOn");
        if (dependsOn instanceof List<?> l) {
            l.forEach(d -> out.add(d.toString()));
        } else if (dependsOn != null) {
            out.add(dependsOn.toString());
        }
        out.retainAll(resources.keySet());
        return out;
    }

    /** Everything {@code id} depends on, directly or through others. */
    Set<String> transitive(String id) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(direct(id));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(direct(next));
            }
        }
        return seen;
    }
}
