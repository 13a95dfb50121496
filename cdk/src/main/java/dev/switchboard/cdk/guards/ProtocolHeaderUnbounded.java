package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.cdk.guards.TemplateView.props;

/**
 * {@link Guard#PROTOCOL_HEADER_UNBOUNDED}: the web ACL bounds {@code Sec-WebSocket-Protocol} (the header transport's
 * token) with a blocking size rule ({@value EdgeRules#PROTOCOL_HEADER_SIZE_RULE}), as it bounds the query string; and
 * ({@link Guard#WAF_BLOCKS_HANDSHAKE}) never below {@link Handshake#maxProtocolHeaderBytes}, which a token of
 * {@code limits.maxTokenBytes} needs.
 */
final class ProtocolHeaderUnbounded {
    private ProtocolHeaderUnbounded() {
    }

    @SuppressWarnings("unchecked")
    static void check(Declared declared, TemplateView s, List<Violation> out) {
        int needed = Handshake.maxProtocolHeaderBytes(declared.blueprint().limits());
        s.ofType("AWS::WAFv2::WebACL").forEach((id, acl) -> {
            List<Integer> limits = new ArrayList<>();
            if (props(acl).get("Rules") instanceof List<?> rules) {
                for (Object r : rules) {
                    Map<String, Object> rule = (Map<String, Object>) r;
                    if (rule.get("Action") instanceof Map<?, ?> a && a.containsKey("Block")) {
                        limits.addAll(sizeLimits(rule.get("Statement")));
                    }
                }
            }
            if (limits.isEmpty()) {
                out.add(new Violation(Guard.PROTOCOL_HEADER_UNBOUNDED, s.name(), id, "no rule blocks a "
                        + Handshake.PROTOCOL_HEADER + " over " + needed + " bytes (rule "
                        + EdgeRules.PROTOCOL_HEADER_SIZE_RULE + ")"));
            }
            limits.stream().filter(size -> size < needed).forEach(size -> out.add(new Violation(
                    Guard.WAF_BLOCKS_HANDSHAKE, s.name(), id, "a rule blocks " + Handshake.PROTOCOL_HEADER + " over "
                    + size + " bytes; a bearer token of limits.maxTokenBytes needs " + needed)));
        });
    }

    /** Sizes of GT/GE size constraints on the single header Sec-WebSocket-Protocol anywhere in {@code statement}. */
    private static List<Integer> sizeLimits(Object statement) {
        List<Integer> out = new ArrayList<>();
        if (statement instanceof Map<?, ?> m) {
            if (m.get("SizeConstraintStatement") instanceof Map<?, ?> sc && sc.get("FieldToMatch") instanceof Map<?, ?> f
                    && f.get("SingleHeader") instanceof Map<?, ?> h
                    && Handshake.PROTOCOL_HEADER.equalsIgnoreCase(String.valueOf(h.get("Name")))
                    && String.valueOf(sc.get("ComparisonOperator")).startsWith("G")) {
                out.add(Integer.parseInt(String.valueOf(sc.get("Size")).replaceAll("\\.0$", "")));
            }
            m.values().forEach(v -> out.addAll(sizeLimits(v)));
        } else if (statement instanceof List<?> l) {
            l.forEach(v -> out.addAll(sizeLimits(v)));
        }
        return out;
    }
}
