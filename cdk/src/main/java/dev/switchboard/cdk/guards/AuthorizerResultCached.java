package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;

import static dev.switchboard.cdk.guards.TemplateView.props;

/**
 * {@link Guard#AUTHORIZER_RESULT_CACHED}: the token is no identity source, so a result cached by the identity sources
 * (the origin header, the same on every request) would serve one user's Allow to everybody. WebSocket authorizers take
 * no result TTL ("Supported only for HTTP APIs",
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html); this keeps it so.
 */
final class AuthorizerResultCached {
    private AuthorizerResultCached() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        s.ofType("AWS::ApiGatewayV2::Authorizer").forEach((id, a) -> {
            Object ttl = props(a).get("AuthorizerResultTtlInSeconds");
            if (ttl != null && !String.valueOf(ttl).matches("0(\\.0)?")) {
                out.add(new Violation(Guard.AUTHORIZER_RESULT_CACHED, s.name(), id, "AuthorizerResultTtlInSeconds = "
                        + ttl + ": the token is no identity source, so a cached result would serve every user"));
            }
        });
    }
}
