package dev.switchboard.pulumi;

import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An IAM policy document whose resources may be outputs; every statement names exact actions (never {@code *}). */
final class PolicyDocument {
    private record Statement(List<String> actions, List<Output<String>> resources) {
    }

    private final List<Statement> statements = new ArrayList<>();

    PolicyDocument allow(List<String> actions, List<Output<String>> resources) {
        if (actions.isEmpty() || actions.stream().anyMatch(a -> a.contains("*"))) {
            throw new IllegalArgumentException("a statement needs exact actions, got " + actions);
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a statement needs resources");
        }
        statements.add(new Statement(List.copyOf(actions), List.copyOf(resources)));
        return this;
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    /** The policy JSON, once every resource is known. */
    Output<String> toJson() {
        List<Output<String>> all = new ArrayList<>();
        statements.forEach(s -> all.addAll(s.resources()));
        return Output.all(all).applyValue(values -> {
            int i = 0;
            List<Object> out = new ArrayList<>();
            for (Statement s : statements) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("Effect", "Allow");
                st.put("Action", s.actions());
                st.put("Resource", values.subList(i, i + s.resources().size()));
                i += s.resources().size();
                out.add(st);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("Version", "2012-10-17");
            doc.put("Statement", out);
            return Json.write(doc);
        });
    }

    /** A trust policy that lets {@code service} assume the role. */
    static String trust(String service) {
        return Json.write(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Principal", Map.of("Service", service), "Action", "sts:AssumeRole"))));
    }
}
