package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;

/**
 * The web ACL ARN lookup re-reads exactly when the ACL is replaced. CloudFormation replaces an AWS::WAFv2::WebACL when
 * its Name or Scope changes (and, like any resource, when its logical id or stack changes); rule changes update it in
 * place and keep the ARN
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-wafv2-webacl.html). The lookup's
 * physical id carries a key of exactly those, so a changed key is an Update of the custom resource (the SDK call runs
 * again) and an unchanged one is no diff at all.
 */
class WebAclArnLookupTest {
    private static final Blueprint PROD = Blueprint.reference(Environments.resolve("prod",
            Map.of("account", "333333333333")));

    private static EdgeProtection edge(String stackName, Blueprint bp) {
        Stack s = new Stack(new App(), stackName, StackProps.builder().env(Environment.builder()
                .account("333333333333").region("us-east-1").build()).build());
        return new EdgeProtection(s, "EdgeProtection", new EdgeProtection.Props(bp));
    }

    @Test
    void theKeyChanges_whenTheAclWouldBeReplaced_andNotWhenOnlyItsRulesChange() {
        String key = edge("switchboard-prod-edge", PROD).replacementKey();
        // GIVEN a rule change (the rate limit): the ACL is updated in place, its ARN stays
        Blueprint rules = PROD.withLimits(PROD.limits().withWafRatePerIp(PROD.limits().wafRatePerIp() * 2));
        EdgeProtection updated = edge("switchboard-prod-edge", rules);
        assertThat(Stack.of(updated).resolve(updated.webAcl().getRules()).toString()).contains("2000");
        assertThat(updated.replacementKey()).isEqualTo(key);
        // GIVEN a new name (another system name) or another stack or construct path: a new ACL, a new ARN
        Blueprint renamed = new Blueprint("chat", PROD.functions(), PROD.routes(), PROD.authorizer(), PROD.dataModel(),
                PROD.limits(), PROD.alarms(), PROD.environment());
        assertThat(edge("switchboard-prod-edge", renamed).replacementKey()).isNotEqualTo(key);
        assertThat(edge("switchboard-prod-edge-v2", PROD).replacementKey()).isNotEqualTo(key);
        assertThat(EdgeProtection.replacementKey("switchboard-prod-edge", "other/Resource", "switchboard-prod-edge",
                "CLOUDFRONT")).isNotEqualTo(key);
        assertThat(EdgeProtection.replacementKey("switchboard-prod-edge", "switchboard-prod-edge/EdgeProtection/Resource",
                "switchboard-prod-edge", "REGIONAL")).isNotEqualTo(key);
    }

    @Test
    void everyRegionalStacksLookup_isKeyedOnTheEdgeStacksAcl() {
        Synthesized prod = Synthesized.of("prod");
        EdgeProtection protection = (EdgeProtection) prod.edge().getNode().findChild("EdgeProtection");
        String physicalId = "/switchboard/prod/edge/web-acl-arn@" + protection.replacementKey();
        for (Stack s : prod.deployment.regional().values()) {
            prod.template(s).hasResourceProperties("Custom::AWS", Map.of(
                    "Create", Match.serializedJson(Match.objectLike(Map.of("action", "GetParameter",
                            "physicalResourceId", Map.of("id", physicalId)))),
                    "Update", Match.serializedJson(Match.objectLike(Map.of("action", "GetParameter",
                            "physicalResourceId", Map.of("id", physicalId))))));
        }
    }
}
