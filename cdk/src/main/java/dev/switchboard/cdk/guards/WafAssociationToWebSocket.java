package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.refs;
import static dev.switchboard.cdk.guards.TemplateView.render;

/**
 * {@link Guard#WAF_ASSOCIATION_TO_WEBSOCKET}: a web ACL associated with an API Gateway resource. AWS WAF cannot be
 * associated with WebSocket APIs (AWS WAF developer guide, "Associating or disassociating a web ACL"); the association
 * fails at deploy time.
 */
final class WafAssociationToWebSocket {
    private WafAssociationToWebSocket() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        wafAssociation(s, out);
    }

    private static void wafAssociation(TemplateView s, List<Violation> out) {
        s.ofType("AWS::WAFv2::WebACLAssociation").forEach((id, r) -> {
            String arn = render(props(r).get("ResourceArn"));
            boolean apiGateway = arn.contains("apigateway") || arn.contains("execute-api")
                    || refs(arn).stream().anyMatch(x -> String.valueOf(s.typeOf(x)).startsWith("AWS::ApiGatewayV2::"));
            if (apiGateway) {
                out.add(new Violation(Guard.WAF_ASSOCIATION_TO_WEBSOCKET, s.name(), id, "AWS WAF cannot be"
                        + " associated with an API Gateway WebSocket API (" + arn + "); attach the web ACL to the"
                        + " CloudFront distribution instead"));
            }
        });
    }
}
