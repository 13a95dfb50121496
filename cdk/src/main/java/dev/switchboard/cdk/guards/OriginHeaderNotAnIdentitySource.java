package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;

/** {@link Guard#ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE}. */
final class OriginHeaderNotAnIdentitySource {
    private OriginHeaderNotAnIdentitySource() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        originIdentitySource(s, out);
    }

    /**
     * Every origin header a distribution of the stack adds is an identity source of the stack's authorizers, so API
     * Gateway answers 401 itself to a handshake without it
     * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html, IdentitySource).
     */
    @SuppressWarnings("unchecked")
    private static void originIdentitySource(TemplateView s, List<Violation> out) {
        Set<String> headers = new HashSet<>();
        s.ofType("AWS::CloudFront::Distribution").values().forEach(d -> {
            Object cfg = props(d).get("DistributionConfig");
            if (cfg instanceof Map<?, ?> c && c.get("Origins") instanceof List<?> origins) {
                for (Object o : origins) {
                    if (((Map<String, Object>) o).get("OriginCustomHeaders") instanceof List<?> hs) {
                        hs.forEach(h -> headers.add(String.valueOf(((Map<String, Object>) h).get("HeaderName"))));
                    }
                }
            }
        });
        s.ofType("AWS::ApiGatewayV2::Authorizer").forEach((id, a) -> {
            Object sources = props(a).get("IdentitySource");
            List<String> list = sources instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            for (String h : headers) {
                if (!list.contains("route.request.header." + h)) {
                    out.add(new Violation(Guard.ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE, s.name(), id, "identity sources "
                            + list + " lack route.request.header." + h + "; a direct execute-api handshake invokes"
                            + " the authorizer instead of getting API Gateway's 401"));
                }
            }
        });
    }
}
