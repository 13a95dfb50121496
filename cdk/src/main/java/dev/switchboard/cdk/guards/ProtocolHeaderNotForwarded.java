package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Map;

import static dev.switchboard.cdk.guards.TemplateView.props;

/**
 * {@link Guard#PROTOCOL_HEADER_NOT_FORWARDED}: CloudFront forwards a viewer header to the origin only when the origin
 * request policy includes it; Switchboard uses the managed AllViewerExceptHostHeader policy, which forwards
 * {@code Sec-WebSocket-Protocol}, the header transport's token
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-working-with.websockets.html).
 */
final class ProtocolHeaderNotForwarded {
    private ProtocolHeaderNotForwarded() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        s.ofType("AWS::CloudFront::Distribution").forEach((id, d) -> {
            if (props(d).get("DistributionConfig") instanceof Map<?, ?> c
                    && c.get("DefaultCacheBehavior") instanceof Map<?, ?> b
                    && !EdgeRules.FORWARDING_ORIGIN_REQUEST_POLICIES.contains(String.valueOf(b.get("OriginRequestPolicyId")))) {
                out.add(new Violation(Guard.PROTOCOL_HEADER_NOT_FORWARDED, s.name(), id, "origin request policy "
                        + b.get("OriginRequestPolicyId") + " is not AllViewerExceptHostHeader (or AllViewer):"
                        + " Sec-WebSocket-Protocol, the header transport's token, may not reach the API"));
            }
        });
    }
}
