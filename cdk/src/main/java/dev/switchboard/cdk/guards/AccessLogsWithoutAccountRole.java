package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.AccessLogs;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;

/** {@link Guard#ACCESS_LOGS_WITHOUT_ACCOUNT_ROLE}: stage access logs need the API Gateway account CloudWatch role. */
final class AccessLogsWithoutAccountRole {
    private AccessLogsWithoutAccountRole() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        accessLogs(declared.blueprint(), s, out);
    }

    @SuppressWarnings("unchecked")
    private static void accessLogs(Blueprint blueprint, TemplateView s, List<Violation> out) {
        AccessLogs mode = blueprint.environment().accessLogs();
        Set<String> accounts = s.ofType("AWS::ApiGateway::Account").keySet();
        s.ofType("AWS::ApiGatewayV2::Stage").forEach((id, r) -> {
            if (props(r).get("AccessLogSettings") == null) {
                return;
            }
            Object dep = r.get("DependsOn");
            List<String> deps = dep instanceof List<?> l ? (List<String>) l : dep == null ? List.of()
                    : List.of(dep.toString());
            boolean ok = switch (mode) {
                case OFF -> false;
                case EXISTING_ACCOUNT_ROLE -> true;
                case CREATE_ACCOUNT_ROLE -> deps.stream().anyMatch(accounts::contains);
            };
            if (!ok) {
                out.add(new Violation(Guard.ACCESS_LOGS_WITHOUT_ACCOUNT_ROLE, s.name(), id, "access logs are on but"
                        + (mode == AccessLogs.OFF ? " accessLogs is OFF (no account role declared)"
                        : " the stage does not depend on an AWS::ApiGateway::Account") + "; deploy fails with"
                        + " 'CloudWatch Logs role ARN must be set in account settings'"));
            }
        });
    }
}
