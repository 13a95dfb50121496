package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Regions;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;

import static dev.switchboard.cdk.guards.TemplateView.props;

/** {@link Guard#CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1}: a CLOUDFRONT-scope web ACL in a stack outside us-east-1. */
final class CloudFrontWebAclOutsideUsEast1 {
    private CloudFrontWebAclOutsideUsEast1() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        webAclRegion(s, out);
    }

    private static void webAclRegion(TemplateView s, List<Violation> out) {
        s.ofType("AWS::WAFv2::WebACL").forEach((id, r) -> {
            if ("CLOUDFRONT".equals(props(r).get("Scope")) && !Regions.EDGE_REGION.equals(s.region())) {
                out.add(new Violation(Guard.CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1, s.name(), id, "a CLOUDFRONT-scope"
                        + " web ACL in " + s.region() + "; it must be created in " + Regions.EDGE_REGION));
            }
        });
    }
}
