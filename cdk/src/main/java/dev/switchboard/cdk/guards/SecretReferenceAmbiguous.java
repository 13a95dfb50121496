package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Map;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.render;

/** {@link Guard#SECRET_REFERENCE_AMBIGUOUS}. */
final class SecretReferenceAmbiguous {
    private SecretReferenceAmbiguous() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        secretReferences(s, out);
    }

    private static final java.util.regex.Pattern DYNAMIC_REFERENCE = java.util.regex.Pattern.compile(
            "\\{\\{resolve:secretsmanager:([^:}]+)");

    /**
     * Secret names that end in a hyphen and six characters and partial secret ARNs in a handler's environment
     * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html, Name;
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, SecretId).
     */
    private static void secretReferences(TemplateView s, List<Violation> out) {
        s.ofType("AWS::SecretsManager::Secret").forEach((id, r) -> {
            String name = render(props(r).get("Name"));
            if (dev.switchboard.blueprint.SecretNames.looksLikeArnSuffix(name)) {
                out.add(new Violation(Guard.SECRET_REFERENCE_AMBIGUOUS, s.name(), id, "secret name " + name
                        + " ends in a hyphen and six characters; Secrets Manager takes that for an ARN suffix"));
            }
        });
        s.ofType("AWS::Lambda::Function").forEach((id, r) -> {
            Object env = props(r).get("Environment");
            if (env instanceof Map<?, ?> m && m.get("Variables") instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> {
                    String value = render(v);
                    if (k.toString().endsWith("_SECRET_ARN") && value.contains(":secret:")) {
                        out.add(new Violation(Guard.SECRET_REFERENCE_AMBIGUOUS, s.name(), id, k + " = " + value
                                + " is a partial ARN (composed in the template, without the six-character suffix);"
                                + " pass the secret's complete ARN"));
                    }
                });
            }
        });
        java.util.regex.Matcher m = DYNAMIC_REFERENCE.matcher(String.valueOf(s.template().get("Resources")));
        while (m.find()) {
            String ref = m.group(1);
            if (!ref.startsWith("arn") && dev.switchboard.blueprint.SecretNames.looksLikeArnSuffix(ref)) {
                out.add(new Violation(Guard.SECRET_REFERENCE_AMBIGUOUS, s.name(), null, "dynamic reference to "
                        + ref + ", a name that ends in a hyphen and six characters"));
            }
        }
    }
}
