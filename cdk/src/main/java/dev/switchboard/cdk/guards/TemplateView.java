package dev.switchboard.cdk.guards;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One synthesized stack as every guard reads it: its name, region and template; every resource for look-ups
 * ({@link #typeOf}, {@link #resources()}) and the resources the guards judge ({@link #ofType}, {@link #judged()}):
 * all of them, or those a Switchboard construct created when {@link DeployGuards#check(software.amazon.awscdk.App)}
 * knows (a user's own resources in the same stack are not Switchboard's to judge).
 */
public final class TemplateView {
    private final String name;
    private final String region;
    private final Map<String, Object> template;
    private final Set<String> judgedIds;

    /**
     * @param judgedIds the logical ids to judge (null: every resource)
     */
    public TemplateView(String name, String region, Map<String, Object> template, Set<String> judgedIds) {
        this.name = name;
        this.region = region;
        this.template = template == null ? Map.of() : template;
        this.judgedIds = judgedIds == null ? null : Set.copyOf(judgedIds);
    }

    public String name() {
        return name;
    }

    public String region() {
        return region;
    }

    public Map<String, Object> template() {
        return template;
    }

    /** Every resource of the template, logical id to resource. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        Object r = template.get("Resources");
        return r instanceof Map<?, ?> m ? (Map<String, Map<String, Object>>) m : Map.of();
    }

    /** The resources the guards judge. */
    public Map<String, Map<String, Object>> judged() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (judges(id)) {
                out.put(id, r);
            }
        });
        return out;
    }

    /** Whether the guards judge resource {@code logicalId}. */
    public boolean judges(String logicalId) {
        return judgedIds == null || judgedIds.contains(logicalId);
    }

    /** The judged resources of {@code type}. */
    public Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        judged().forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    /** The type of any resource of the template, or null. */
    public String typeOf(String logicalId) {
        Map<String, Object> r = resources().get(logicalId);
        return r == null ? null : String.valueOf(r.get("Type"));
    }

    /** A resource's Properties (empty without). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        Object p = resource.get("Properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Renders an intrinsic as text: {@code ${Ref:Id}}, {@code ${Id.Attr}}, joins concatenated. */
    public static String render(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            String k = e.getKey().toString();
            Object a = e.getValue();
            switch (k) {
                case "Ref":
                    return "${Ref:" + a + "}";
                case "Fn::GetAtt":
                    if (a instanceof List<?> l && l.size() == 2) {
                        return "${" + l.get(0) + "." + l.get(1) + "}";
                    }
                    return "${" + a + "}";
                case "Fn::Join":
                    if (a instanceof List<?> l && l.size() == 2 && l.get(1) instanceof List<?> parts) {
                        return parts.stream().map(TemplateView::render).collect(Collectors.joining(
                                String.valueOf(l.get(0))));
                    }
                    break;
                case "Fn::Sub":
                    return a instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(a);
                default:
                    break;
            }
        }
        return String.valueOf(v);
    }

    /** Logical ids named by {@code ${Ref:Id}} or {@code ${Id.Attr}} in rendered text. */
    static Set<String> refs(String rendered) {
        Set<String> out = new HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(?:Ref:)?([A-Za-z0-9:]+)(?:\\.[A-Za-z.]+)?}")
                .matcher(rendered);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Logical ids named by any Ref or Fn::GetAtt anywhere inside {@code v}. */
    public static Set<String> refsIn(Object v) {
        Set<String> out = new HashSet<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                if ("Ref".equals(k)) {
                    out.add(String.valueOf(x));
                } else if ("Fn::GetAtt".equals(k) && x instanceof List<?> l && !l.isEmpty()) {
                    out.add(String.valueOf(l.get(0)));
                } else {
                    out.addAll(refsIn(x));
                }
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> out.addAll(refsIn(x)));
        }
        return out;
    }
}
