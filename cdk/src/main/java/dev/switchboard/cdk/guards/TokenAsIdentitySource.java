package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Handshake;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;

import static dev.switchboard.cdk.guards.TemplateView.props;

/**
 * {@link Guard#TOKEN_AS_IDENTITY_SOURCE}: the token rides in the query string or in {@code Sec-WebSocket-Protocol}
 * (docs/protocol.md), and API Gateway answers 401 without invoking the authorizer when an identity source is missing
 * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html, IdentitySource): either
 * one as an identity source refuses every handshake that uses the other.
 */
final class TokenAsIdentitySource {
    private TokenAsIdentitySource() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        s.ofType("AWS::ApiGatewayV2::Authorizer").forEach((id, a) -> {
            Object sources = props(a).get("IdentitySource");
            List<String> list = sources instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            for (String source : list) {
                if (source.equalsIgnoreCase("route.request.querystring.token")
                        || source.equalsIgnoreCase("route.request.header." + Handshake.PROTOCOL_HEADER)) {
                    out.add(new Violation(Guard.TOKEN_AS_IDENTITY_SOURCE, s.name(), id, "identity source " + source
                            + " makes API Gateway answer 401 to every handshake that carries its token the other way;"
                            + " the authorizer reads it from either place itself"));
                }
            }
        });
    }
}
