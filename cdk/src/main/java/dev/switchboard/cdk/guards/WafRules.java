package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;

/**
 * {@link Guard#WAF_BLOCKS_HANDSHAKE} and {@link Guard#WAF_PROTECTION_DROPPED}: the edge web ACL's rules against a valid
 * handshake and against dropped protection.
 */
final class WafRules {
    private WafRules() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        webAclRules(declared.blueprint(), s, out);
    }

    /**
     * The edge web ACL against a valid handshake (a client without User-Agent, a token of up to
     * {@code limits.maxTokenBytes} in the query string): every rule of {@link EdgeRules#HANDSHAKE_RISKS} counts in its
     * group, the query string size rule allows {@link Handshake#maxQueryStringBytes}, every scoped rule's label is
     * re-blocked outside handshakes, and no other managed rule is counted (AWS WAF "Baseline rule groups",
     * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
     */
    @SuppressWarnings("unchecked")
    private static void webAclRules(Blueprint blueprint, TemplateView s, List<Violation> out) {
        s.ofType("AWS::WAFv2::WebACL").forEach((id, acl) -> {
            List<Map<String, Object>> rules = props(acl).get("Rules") instanceof List<?> l
                    ? (List<Map<String, Object>>) l : List.of();
            int needed = Handshake.maxQueryStringBytes(blueprint.limits());
            Set<String> reblocked = new HashSet<>();
            for (Map<String, Object> rule : rules) {
                Map<String, Object> st = (Map<String, Object>) rule.getOrDefault("Statement", Map.of());
                Map<String, Object> mg = (Map<String, Object>) st.get("ManagedRuleGroupStatement");
                boolean blocks = rule.get("Action") instanceof Map<?, ?> a && a.containsKey("Block");
                if (blocks) {
                    collectLabels(st, reblocked);
                    querySizeLimits(st).forEach(size -> {
                        if (size < needed) {
                            out.add(new Violation(Guard.WAF_BLOCKS_HANDSHAKE, s.name(), id, "rule " + rule.get("Name")
                                    + " blocks query strings over " + size + " bytes; a handshake with a token of"
                                    + " limits.maxTokenBytes = " + blueprint.limits().maxTokenBytes() + " needs "
                                    + needed));
                        }
                    });
                }
                if (mg == null) {
                    continue;
                }
                String group = String.valueOf(mg.get("Name"));
                Set<String> counted = new HashSet<>();
                if (mg.get("RuleActionOverrides") instanceof List<?> overrides) {
                    for (Object o : overrides) {
                        Map<String, Object> ov = (Map<String, Object>) o;
                        if (ov.get("ActionToUse") instanceof Map<?, ?> use && use.containsKey("Count")) {
                            counted.add(String.valueOf(ov.get("Name")));
                        }
                    }
                }
                List<String> expected = EdgeRules.countedRules().getOrDefault(group, List.of());
                for (String r : expected) {
                    if (!counted.contains(r)) {
                        out.add(new Violation(Guard.WAF_BLOCKS_HANDSHAKE, s.name(), id, group + "/" + r
                                + " still blocks: " + EdgeRules.HANDSHAKE_RISKS.stream().filter(x -> x.name().equals(r))
                                .findFirst().orElseThrow().reason()));
                    }
                }
                for (String c : counted) {
                    if (!expected.contains(c)) {
                        out.add(new Violation(Guard.WAF_PROTECTION_DROPPED, s.name(), id, group + "/" + c
                                + " is counted, not blocked, without a reason in EdgeRules"));
                    }
                }
            }
            for (String label : EdgeRules.scopedLabels()) {
                if (!reblocked.contains(label)) {
                    out.add(new Violation(Guard.WAF_PROTECTION_DROPPED, s.name(), id, "label " + label + " (a counted"
                            + " query-string rule) is not re-blocked outside well-formed handshakes"));
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void collectLabels(Object statement, Set<String> out) {
        if (statement instanceof Map<?, ?> m) {
            if (m.get("LabelMatchStatement") instanceof Map<?, ?> lm) {
                out.add(String.valueOf(lm.get("Key")));
            }
            m.values().forEach(v -> collectLabels(v, out));
        } else if (statement instanceof List<?> l) {
            l.forEach(v -> collectLabels(v, out));
        }
    }

    /** Sizes of GT/GE size constraints on the query string anywhere in {@code statement}. */
    private static List<Integer> querySizeLimits(Object statement) {
        List<Integer> out = new ArrayList<>();
        if (statement instanceof Map<?, ?> m) {
            if (m.get("SizeConstraintStatement") instanceof Map<?, ?> sc && sc.get("FieldToMatch") instanceof Map<?, ?> f
                    && f.containsKey("QueryString") && String.valueOf(sc.get("ComparisonOperator")).startsWith("G")) {
                out.add(Integer.parseInt(String.valueOf(sc.get("Size")).replaceAll("\\.0$", "")));
            }
            m.values().forEach(v -> out.addAll(querySizeLimits(v)));
        } else if (statement instanceof List<?> l) {
            l.forEach(v -> out.addAll(querySizeLimits(v)));
        }
        return out;
    }
}
