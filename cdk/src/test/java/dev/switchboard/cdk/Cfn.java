package dev.switchboard.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/** Small helpers for template assertions. */
final class Cfn {
    private Cfn() {
    }

    /** Logical id of a construct's CloudFormation resource (the construct itself or its default child). */
    static String id(IConstruct c) {
        IConstruct el = c instanceof CfnElement ? c : c.getNode().getDefaultChild();
        return Stack.of(c).getLogicalId((CfnElement) el);
    }

    static Map<String, Object> ref(IConstruct c) {
        return Map.of("Ref", id(c));
    }

    static Map<String, Object> join(Object... parts) {
        return Map.of("Fn::Join", List.of("", List.of(parts)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resourcesOf(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) template.get("Resources")).forEach((k, v) -> {
            if (type.equals(v.get("Type"))) {
                out.put(k, v);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
