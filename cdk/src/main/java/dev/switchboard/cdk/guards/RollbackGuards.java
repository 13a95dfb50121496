package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Guard#ROLLBACK_BLOCKED_BY_DELETION_PROTECTION}, over one synthesized template:
 * <ul>
 *   <li>a resource that a failed first create deletes ({@code DeletionPolicy} Delete or RetainExceptOnCreate) created
 *   with {@code DeletionProtectionEnabled: true} (on itself or on a global table replica): DynamoDB refuses the
 *   rollback's delete and the stack ends in {@code ROLLBACK_FAILED};</li>
 *   <li>a custom resource that turns deletion protection on ({@link dev.switchboard.cdk.TableProtection}) while another resource of the
 *   stack can still be created after it (only the other protection calls may), or that does not turn it off again
 *   when the rollback deletes it.</li>
 * </ul>
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 */
final class RollbackGuards {
    private static final String PROTECT = "\"DeletionProtectionEnabled\":true";
    private static final String UNPROTECT = "\"DeletionProtectionEnabled\":false";

    private RollbackGuards() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        String stack = s.name();
        TemplateGraph g = new TemplateGraph(s.template());
        g.resources().forEach((id, r) -> {
            if (!s.judges(id)) {
                return;
            }
            String policy = String.valueOf(r.getOrDefault("DeletionPolicy", "Delete"));
            if (!policy.equals("Retain") && !policy.equals("Snapshot") && protectedOnCreate(TemplateGraph.props(r))) {
                out.add(new Violation(Guard.ROLLBACK_BLOCKED_BY_DELETION_PROTECTION, stack, id, "created with"
                        + " deletion protection and DeletionPolicy " + policy + ": a failed first create cannot"
                        + " delete it (ROLLBACK_FAILED); turn protection on after the stack exists (TableProtection)"));
            }
        });
        Map<String, Map<String, Object>> protecting = new java.util.LinkedHashMap<>();
        g.resources().forEach((id, r) -> {
            if (s.judges(id) && String.valueOf(r.get("Type")).startsWith("Custom::")
                    && String.valueOf(TemplateGraph.props(r).get("Create")).contains(PROTECT)) {
                protecting.put(id, r);
            }
        });
        protecting.forEach((id, r) -> {
            Set<String> before = g.transitive(id);
            List<String> after = g.resources().keySet().stream().filter(o -> !o.equals(id) && !before.contains(o)
                    && !protecting.containsKey(o) && !"AWS::CDK::Metadata".equals(g.typeOf(o))).sorted().toList();
            if (!after.isEmpty()) {
                out.add(new Violation(Guard.ROLLBACK_BLOCKED_BY_DELETION_PROTECTION, stack, id, "turns deletion"
                        + " protection on while " + after.size() + " resources can still be created after it ("
                        + String.join(", ", after.subList(0, Math.min(3, after.size()))) + (after.size() > 3
                        ? ", ..." : "") + "); if one fails, the rollback cannot delete the table"));
            }
            if (!String.valueOf(TemplateGraph.props(r).get("Delete")).contains(UNPROTECT)) {
                out.add(new Violation(Guard.ROLLBACK_BLOCKED_BY_DELETION_PROTECTION, stack, id, "turns deletion"
                        + " protection on but not off when deleted: if another protection call fails, the rollback"
                        + " cannot delete the table"));
            }
        });
    }

    /** Whether {@code DeletionProtectionEnabled} is true anywhere in the properties (a replica's counts). */
    private static boolean protectedOnCreate(Object v) {
        if (v instanceof Map<?, ?> m) {
            Object flag = m.get("DeletionProtectionEnabled");
            if (Boolean.TRUE.equals(flag) || "true".equals(flag)) {
                return true;
            }
            return m.values().stream().anyMatch(RollbackGuards::protectedOnCreate);
        }
        return v instanceof List<?> l && l.stream().anyMatch(RollbackGuards::protectedOnCreate);
    }
}
