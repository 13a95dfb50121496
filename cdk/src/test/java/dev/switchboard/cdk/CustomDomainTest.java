package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.AlarmSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The optional features, on the "qa" test environment: a custom domain (CloudFront in the edge stack, regional API
 * Gateway domain names behind a latency-routed origin name with health checks), access logs with the account role, an
 * alarm e-mail.
 */
class CustomDomainTest {
    private final Synthesized qa = Synthesized.of("qa");
    private final Template edge = qa.template(qa.edge());
    private final Template primary = qa.template(qa.regional("eu-west-1"));
    private final Switchboard board = qa.deployment.switchboards().get(0);

    @Test
    void edgeStack_servesTheCustomDomain_throughCloudFront_withTls12_andTheWebAcl() {
        edge.hasResourceProperties("AWS::CertificateManager::Certificate", Map.of("DomainName", "ws.example.com",
                "ValidationMethod", "DNS"));
        edge.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(
                Map.of("Aliases", List.of("ws.example.com"),
                        "ViewerCertificate", Match.objectLike(Map.of("MinimumProtocolVersion", "TLSv1.2_2021",
                                "SslSupportMethod", "sni-only")),
                        "WebACLId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("EdgeProtection"), "Arn")),
                        "Origins", List.of(Match.objectLike(Map.of("DomainName", "origin.ws.example.com",
                                "OriginPath", Match.absent(),
                                "OriginCustomHeaders", List.of(Match.objectLike(Map.of("HeaderName",
                                        Switchboard.DEFAULT_ORIGIN_HEADER))))))))));
        for (String type : List.of("A", "AAAA")) {
            edge.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", "ws.example.com.", "Type", type,
                    "HostedZoneId", "Z0123456789ABCDEFGHIJ", "AliasTarget", Match.objectLike(Map.of(
                            "HostedZoneId", Match.anyValue(), "DNSName", Match.anyValue()))));
        }
    }

    @Test
    void regionalStacks_haveRegionalDomainNames_mappedToTheStage_behindLatencyRecordsWithHealthChecks() {
        for (String region : List.of("eu-west-1", "us-west-2")) {
            Template t = qa.template(qa.regional(region));
            t.hasResourceProperties("AWS::CertificateManager::Certificate", Map.of("DomainName",
                    "origin.ws.example.com", "ValidationMethod", "DNS"));
            t.hasResourceProperties("AWS::ApiGatewayV2::DomainName", Map.of("DomainName", "origin.ws.example.com",
                    "DomainNameConfigurations", List.of(Match.objectLike(Map.of("EndpointType", "REGIONAL",
                            "SecurityPolicy", "TLS_1_2")))));
            t.hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", Map.of("Stage", Match.anyValue(),
                    "DomainName", Match.anyValue(), "ApiId", Match.anyValue()));
            t.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", "origin.ws.example.com.",
                    "Type", "A", "Region", region, "SetIdentifier", region,
                    "HealthCheckId", Map.of("Ref", Match.stringLikeRegexp("DomainHealth"))));
        }
        // region health follows only the alarms no single client can trip (ExecutionError), not ClientError
        long apiAlarms = qa.deployment.blueprint().alarms().stream().filter(AlarmSpec::gatesRegionHealth).count();
        assertThat(apiAlarms).isEqualTo(1);
        primary.hasResourceProperties("AWS::Route53::HealthCheck", Map.of("HealthCheckConfig", Match.objectLike(Map.of(
                "Type", "CALCULATED", "HealthThreshold", (int) apiAlarms,
                "ChildHealthChecks", Match.anyValue()))));
        primary.hasResourceProperties("AWS::Route53::HealthCheck", Map.of("HealthCheckConfig", Match.objectLike(Map.of(
                "Type", "CLOUDWATCH_METRIC", "InsufficientDataHealthStatus", "LastKnownStatus",
                "AlarmIdentifier", Map.of("Region", "eu-west-1", "Name",
                        Cfn.ref(board.monitoring().healthAlarms().get(0)))))));
        primary.resourceCountIs("AWS::Route53::HealthCheck", (int) apiAlarms + 1);
    }

    @Test
    void accessLogs_withCreateAccountRole_createTheAccountRole_andTheStageDependsOnIt() {
        primary.resourceCountIs("AWS::ApiGateway::Account", 1);
        primary.hasResource("AWS::ApiGatewayV2::Stage", Map.of("DependsOn", Match.arrayWith(List.of(
                Cfn.id(board.endpoint().account())))));
        primary.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("AccessLogSettings", Map.of(
                "DestinationArn", Match.anyValue(), "Format", Match.stringLikeRegexp("connectionId"))));
        primary.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName",
                "/aws/apigateway/switchboard-qa-access", "RetentionInDays", 7));
    }

    @Test
    void alarmEmail_subscribesToTheAlarmTopic() {
        primary.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com", "TopicArn", Cfn.ref(board.monitoring().topic())));
    }

    @Test
    void primaryRegionOtherThanUsEast1_ownsTheTable_andTheEdgeStaysInUsEast1() {
        primary.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
        qa.template(qa.regional("us-west-2")).resourceCountIs("AWS::DynamoDB::GlobalTable", 0);
        edge.resourceCountIs("AWS::WAFv2::WebACL", 1);
        org.assertj.core.api.Assertions.assertThat(qa.edge().getRegion()).isEqualTo("us-east-1");
    }
}
