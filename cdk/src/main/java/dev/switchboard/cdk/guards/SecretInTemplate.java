package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Map;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.render;

/**
 * {@link Guard#SECRET_IN_TEMPLATE}: no secret value in a template (a literal SecretString, a secret in a function's
 * environment, a literal origin header value).
 */
final class SecretInTemplate {
    private SecretInTemplate() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        secrets(s, out);
    }

    @SuppressWarnings("unchecked")
    private static void secrets(TemplateView s, List<Violation> out) {
        s.ofType("AWS::SecretsManager::Secret").forEach((id, r) -> {
            if (props(r).containsKey("SecretString")) {
                out.add(new Violation(Guard.SECRET_IN_TEMPLATE, s.name(), id, "a literal SecretString; generate it"
                        + " (GenerateSecretString) or put it in Secrets Manager outside the template"));
            }
        });
        s.ofType("AWS::Lambda::Function").forEach((id, r) -> {
            Object env = props(r).get("Environment");
            if (env instanceof Map<?, ?> m && m.get("Variables") instanceof Map<?, ?> vars) {
                for (String forbidden : List.of(EnvVars.JWT_SECRET, EnvVars.ORIGIN_SECRET)) {
                    if (vars.containsKey(forbidden)) {
                        out.add(new Violation(Guard.SECRET_IN_TEMPLATE, s.name(), id, forbidden + " set in the"
                                + " template; pass the Secrets Manager ARN (" + forbidden + "_ARN) instead"));
                    }
                }
            }
        });
        s.ofType("AWS::CloudFront::Distribution").forEach((id, r) -> {
            Object cfg = props(r).get("DistributionConfig");
            if (cfg instanceof Map<?, ?> c && c.get("Origins") instanceof List<?> origins) {
                for (Object o : origins) {
                    Object headers = ((Map<String, Object>) o).get("OriginCustomHeaders");
                    if (headers instanceof List<?> hs) {
                        for (Object h : hs) {
                            String value = render(((Map<String, Object>) h).get("HeaderValue"));
                            if (!value.startsWith("{{resolve:secretsmanager:")) {
                                out.add(new Violation(Guard.SECRET_IN_TEMPLATE, s.name(), id, "origin header "
                                        + ((Map<String, Object>) h).get("HeaderName") + " has a literal value;"
                                        + " use a {{resolve:secretsmanager:...}} dynamic reference"));
                            }
                        }
                    }
                }
            }
        });
    }
}
