package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The us-east-1 edge stack: the CLOUDFRONT web ACL, its parameter and the WAF alarms. */
class EdgeStackTest {
    private final Synthesized prod = Synthesized.of("prod");
    private final Blueprint bp = prod.deployment.blueprint();
    private final Template edge = prod.template(prod.edge());

    @Test
    void webAcl_isCloudFrontScoped_withThePerIpRateRule_fromTheBlueprint() {
        edge.resourceCountIs("AWS::WAFv2::WebACL", 1);
        edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "CLOUDFRONT",
                "Name", "switchboard-prod-edge",
                "DefaultAction", Map.of("Allow", Map.of()),
                "Rules", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "rate-per-ip", "Priority", 0,
                        "Action", Map.of("Block", Map.of()),
                        "Statement", Map.of("RateBasedStatement", Map.of("Limit", bp.limits().wafRatePerIp(),
                                "AggregateKeyType", "IP", "EvaluationWindowSec", 300))))))));
    }

    @Test
    void webAcl_usesTheThreeManagedRuleGroups() {
        for (String group : List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList")) {
            edge.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Rules", Match.arrayWith(List.of(
                    Match.objectLike(Map.of("OverrideAction", Map.of("None", Map.of()), "Statement", Map.of(
                            "ManagedRuleGroupStatement", Map.of("VendorName", "AWS", "Name", group))))))));
        }
    }

    @Test
    void webAclArn_isPublishedInSsm_forTheRegionalStacks() {
        edge.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/switchboard/prod/edge/web-acl-arn",
                "Type", "String", "Value", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("EdgeProtection"),
                        "Arn"))));
    }

    @Test
    void wafAlarms_watchTheWebAclInUsEast1() {
        edge.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/WAFV2",
                "MetricName", "BlockedRequests", "Threshold", 1000,
                "Dimensions", List.of(Map.of("Name", "Rule", "Value", "ALL"),
                        Map.of("Name", "WebACL", "Value", "switchboard-prod-edge"))));
        edge.resourceCountIs("AWS::CloudWatch::Alarm", 1);
    }

    @Test
    void noStackOfAnyEnvironment_associatesWafWithApiGateway() {
        for (String env : List.of("dev", "prod", "qa")) {
            Synthesized.of(env).templates.forEach((name, t) ->
                    assertThat(Cfn.resources(t, "AWS::WAFv2::WebACLAssociation")).as(name).isEmpty());
        }
    }
}
