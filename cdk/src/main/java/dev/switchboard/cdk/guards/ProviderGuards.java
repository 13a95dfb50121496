package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The guards of Lambda log groups and custom-resource providers, over one synthesized template:
 * <ul>
 *   <li>{@link Guard#LAMBDA_LOG_GROUP_RACE}: a function whose {@code LoggingConfig.LogGroup} does not name a log
 *   group of the stack, or a log group named {@code /aws/lambda/<Ref function>}: nothing orders that group before the
 *   function's first invocation, Lambda creates the group itself, and the stack fails with "already exists"
 *   (aws-cdk #667, #34612);</li>
 *   <li>{@link Guard#PROVIDER_LOG_GROUP_LEAKS}: a custom-resource provider that logs to a log group that outlives the
 *   stack or a failed create ({@code DeletionPolicy} other than Delete);</li>
 *   <li>{@link Guard#CUSTOM_RESOURCE_PERMISSION_RACE}: a custom resource whose provider's role gets a permission from
 *   a separate policy resource, or lacks the permission for the custom resource's call in its own inline policies: a
 *   policy attached just before the call may not be in effect yet (IAM is eventually consistent:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency;
 *   aws-cdk #37675, #31429, #21332, #23340).</li>
 * </ul>
 */
final class ProviderGuards {
    private static final Set<String> POLICY_TYPES = Set.of("AWS::IAM::Policy", "AWS::IAM::RolePolicy",
            "AWS::IAM::ManagedPolicy");

    private ProviderGuards() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        String stack = s.name();
        TemplateGraph g = new TemplateGraph(s.template());
        // the judged functions, and the providers of the judged custom resources
        java.util.Set<String> judged = new java.util.HashSet<>();
        g.resources().forEach((id, r) -> {
            if (s.judges(id)) {
                judged.add(id);
                if (String.valueOf(r.get("Type")).startsWith("Custom::")) {
                    judged.add(TemplateGraph.target(TemplateGraph.props(r).get("ServiceToken")));
                }
            }
        });
        g.ofType("AWS::Lambda::Function").forEach((id, fn) -> {
            String group = logGroupOf(g, id);
            if (judged.contains(id) && group == null) {
                out.add(new Violation(Guard.LAMBDA_LOG_GROUP_RACE, stack, id, "LoggingConfig.LogGroup names no log"
                        + " group of the stack: Lambda creates /aws/lambda/<function> on first invocation"));
            }
        });
        g.ofType("AWS::Logs::LogGroup").forEach((id, r) -> {
            String name = TemplateView.render(TemplateGraph.props(r).get("LogGroupName"));
            if (judged.contains(id) && name.startsWith("/aws/lambda/${") && TemplateView.refsIn(TemplateGraph.props(r).get("LogGroupName"))
                    .stream().anyMatch(x -> "AWS::Lambda::Function".equals(g.typeOf(x)))) {
                out.add(new Violation(Guard.LAMBDA_LOG_GROUP_RACE, stack, id, "named " + name + " after a function"
                        + " created before it: the function can create the group first (\"already exists\")"));
            }
        });
        g.resources().forEach((id, r) -> {
            if (!s.judges(id) || !String.valueOf(r.get("Type")).startsWith("Custom::")) {
                return;
            }
            String provider = TemplateGraph.target(TemplateGraph.props(r).get("ServiceToken"));
            if (!"AWS::Lambda::Function".equals(g.typeOf(provider))) {
                return;
            }
            String group = logGroupOf(g, provider);
            if (group != null) {
                String policy = String.valueOf(g.resources().get(group).getOrDefault("DeletionPolicy", "Delete"));
                if (!policy.equals("Delete")) {
                    out.add(new Violation(Guard.PROVIDER_LOG_GROUP_LEAKS, stack, group, "the log group of provider "
                            + provider + " has DeletionPolicy " + policy + ": every destroy or failed create leaves"
                            + " it behind"));
                }
            }
            permissions(g, stack, id, provider, out);
        });
    }

    private static void permissions(TemplateGraph g, String stack, String id, String provider, List<Violation> out) {
        String role = TemplateGraph.target(g.props(provider).get("Role"));
        if (!"AWS::IAM::Role".equals(g.typeOf(role))) {
            out.add(new Violation(Guard.CUSTOM_RESOURCE_PERMISSION_RACE, stack, id, "provider " + provider
                    + " has no role of the stack"));
            return;
        }
        g.resources().forEach((pid, p) -> {
            if (POLICY_TYPES.contains(String.valueOf(p.get("Type")))
                    && TemplateView.refsIn(TemplateGraph.props(p)).contains(role)) {
                out.add(new Violation(Guard.CUSTOM_RESOURCE_PERMISSION_RACE, stack, pid, "attaches a policy to "
                        + role + ", the role of provider " + provider + " (" + id + "): put the statements in the"
                        + " role's own inline policies (LookupProvider)"));
            }
        });
        String inline = String.valueOf(g.props(role).get("Policies"));
        for (String action : actions(g.props(id))) {
            if (!inline.contains(action)) {
                out.add(new Violation(Guard.CUSTOM_RESOURCE_PERMISSION_RACE, stack, id, "calls " + action + " but the"
                        + " inline policies of " + role + " do not allow it"));
            }
        }
    }

    /** The IAM actions of an AwsCustomResource's calls: {@code "service":"SSM","action":"GetParameter"}. */
    private static Set<String> actions(Map<String, Object> props) {
        Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "\"action\":\"([A-Za-z]+)\",\"service\":\"([A-Za-z0-9]+)\"|\"service\":\"([A-Za-z0-9]+)\",\"action\":\"([A-Za-z]+)\"");
        for (String phase : List.of("Create", "Update", "Delete")) {
            java.util.regex.Matcher m = p.matcher(String.valueOf(props.get(phase)));
            while (m.find()) {
                String service = m.group(2) != null ? m.group(2) : m.group(3);
                String action = m.group(1) != null ? m.group(1) : m.group(4);
                out.add(service.toLowerCase(Locale.ROOT) + ":" + action);
            }
        }
        return out;
    }

    /**
     * The log group resource a function's {@code LoggingConfig.LogGroup} names (by Ref, or by name with the function
     * depending on it), or null.
     */
    @SuppressWarnings("unchecked")
    private static String logGroupOf(TemplateGraph g, String function) {
        Object config = g.props(function).get("LoggingConfig");
        if (!(config instanceof Map<?, ?> m)) {
            return null;
        }
        Object group = ((Map<String, Object>) m).get("LogGroup");
        String ref = TemplateGraph.target(group);
        if ("AWS::Logs::LogGroup".equals(g.typeOf(ref))) {
            return ref;
        }
        String name = String.valueOf(group);
        return g.ofType("AWS::Logs::LogGroup").entrySet().stream()
                .filter(e -> name.equals(String.valueOf(TemplateGraph.props(e.getValue()).get("LogGroupName")))
                        && g.transitive(function).contains(e.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
