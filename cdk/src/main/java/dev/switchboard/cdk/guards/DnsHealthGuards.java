package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Map;

/**
 * {@link Guard#DNS_HEALTH_CLIENT_DRIVEN}, over one synthesized template: a Route 53 health check on a CloudWatch alarm
 * of an API Gateway metric a single client can drive ({@link AlarmSpec#CLIENT_DRIVEN_API_METRICS}): one client with
 * bad tokens would take the region out of the custom domain's DNS.
 */
final class DnsHealthGuards {
    private DnsHealthGuards() {
    }

    @SuppressWarnings("unchecked")
    static void check(Declared declared, TemplateView s, List<Violation> out) {
        String stack = s.name();
        TemplateGraph g = new TemplateGraph(s.template());
        g.ofType("AWS::Route53::HealthCheck").forEach((id, r) -> {
            if (!s.judges(id)) {
                return;
            }
            Object config = TemplateGraph.props(r).get("HealthCheckConfig");
            if (!(config instanceof Map<?, ?> c) || !(c.get("AlarmIdentifier") instanceof Map<?, ?> alarmId)) {
                return;
            }
            String alarm = TemplateGraph.target(((Map<String, Object>) alarmId).get("Name"));
            Map<String, Object> p = g.props(alarm);
            if ("AWS/ApiGateway".equals(p.get("Namespace"))
                    && AlarmSpec.CLIENT_DRIVEN_API_METRICS.contains(String.valueOf(p.get("MetricName")))) {
                out.add(new Violation(Guard.DNS_HEALTH_CLIENT_DRIVEN, stack, id, "the health check follows alarm "
                        + alarm + " on " + p.get("MetricName") + ", which a single client can drive: gate region"
                        + " health on alarms whose AlarmSpec.gatesRegionHealth()"));
            }
        });
    }
}
