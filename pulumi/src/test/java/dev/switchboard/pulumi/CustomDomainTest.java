package dev.switchboard.pulumi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.switchboard.pulumi.ProgramRun.ACCOUNT;
import static dev.switchboard.pulumi.ProgramRun.at;
import static org.assertj.core.api.Assertions.assertThat;

/** A custom domain: CloudFront with the domain in us-east-1, latency-routed regional origins with health checks. */
@SuppressWarnings({"unchecked", "cast"})
class CustomDomainTest {
    static final String DOMAIN = "ws.example.com";
    static final String ORIGIN = "origin.ws.example.com";
    static final String ZONE = "Z0123456789";
    static final List<String> REGIONS = List.of("eu-west-1", "us-west-2");
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN an environment in two regions with a custom domain WHEN the program defines it
        run = ProgramRun.of(ProgramRun.blueprint("dev", Map.of("regions", REGIONS, "customDomain",
                Map.of("domainName", DOMAIN, "hostedZoneId", ZONE, "hostedZoneName", "example.com"))));
    }

    @Test
    void certificates_areDnsValidated_inUsEast1ForCloudFront_andPerRegionForTheOrigins() {
        assertThat(run.ofType(Types.CERTIFICATE)).extracting(c -> run.regionOf(c) + " " + c.inputs().get("domainName")
                        + " " + c.inputs().get("validationMethod"))
                .containsExactlyInAnyOrder("us-east-1 " + DOMAIN + " DNS", "eu-west-1 " + ORIGIN + " DNS",
                        "us-west-2 " + ORIGIN + " DNS");
        // one validation record per name (ACM uses the same CNAME in every region), with the edge provider
        assertThat(run.ofType(Types.RECORD, r -> "CNAME".equals(r.inputs().get("type"))))
                .extracting(r -> r.name() + " " + r.inputs().get("name") + " " + run.regionOf(r))
                .containsExactlyInAnyOrder("us-east-1-origin-certificate-validation _v." + ORIGIN + ". us-east-1",
                        "us-east-1-domain-certificate-validation _v." + DOMAIN + ". us-east-1");
        assertThat(run.ofType(Types.CERTIFICATE_VALIDATION)).hasSize(3).allSatisfy(v -> assertThat(
                (List<String>) v.inputs().get("validationRecordFqdns")).containsExactly(
                        "_v." + (v.name().contains("origin") ? ORIGIN : DOMAIN) + "."));
    }

    @Test
    void eachRegionMapsItsStageToTheOriginName_behindALatencyRecordWithAnAlarmDrivenHealthCheck() {
        for (String region : REGIONS) {
            assertThat(run.named(Types.DOMAIN_NAME, region + "-origin-domain").inputs()).satisfies(d -> {
                assertThat(d).containsEntry("domainName", ORIGIN);
                assertThat((Map<String, Object>) d.get("domainNameConfiguration"))
                        .containsEntry("endpointType", "REGIONAL").containsEntry("securityPolicy", "TLS_1_2")
                        .containsEntry("certificateArn", "arn:aws:acm:" + region + ":" + ACCOUNT
                                + ":certificate/" + region + "-origin-certificate-id");
            });
            assertThat(run.named(Types.API_MAPPING, region + "-origin-mapping").inputs())
                    .containsEntry("apiId", region + "-api-id").containsEntry("stage", region + "-stage-id")
                    .containsEntry("domainName", region + "-origin-domain-id");
            List<AwsMocks.Registered> alarmChecks = run.ofType(Types.HEALTH_CHECK,
                    h -> h.name().startsWith(region + "-origin-alarm-"));
            // only the alarm no single client can trip decides the region's health (AlarmSpec.gatesRegionHealth)
            assertThat(alarmChecks).singleElement().satisfies(h -> assertThat(h.inputs())
                    .containsEntry("type", "CLOUDWATCH_METRIC").containsEntry("cloudwatchAlarmRegion", region)
                    .containsEntry("cloudwatchAlarmName", "switchboard-dev-" + region + "-api-execution-errors"));
            assertThat(run.named(Types.HEALTH_CHECK, region + "-origin-health").inputs())
                    .containsEntry("type", "CALCULATED").containsEntry("childHealthThreshold", 1.0)
                    .hasEntrySatisfying("childHealthchecks", c -> assertThat((List<String>) c)
                            .containsExactlyInAnyOrderElementsOf(alarmChecks.stream().map(h -> h.name() + "-id").toList()));
            assertThat(run.named(Types.RECORD, region + "-origin-latency").inputs())
                    .containsEntry("name", ORIGIN).containsEntry("type", "A").containsEntry("setIdentifier", region)
                    .containsEntry("healthCheckId", region + "-origin-health-id")
                    .containsEntry("latencyRoutingPolicies", List.of(Map.of("region", region)))
                    .containsEntry("aliases", List.of(Map.of("name", "d-" + region + "-origin-domain-id.execute-api."
                            + region + ".amazonaws.com", "zoneId", "Z-APIGW-" + region, "evaluateTargetHealth", false)));
        }
    }

    @Test
    void theDomainsDistribution_servesTheDomainOverTls12_throughWaf_toTheLatencyRoutedOrigin() {
        AwsMocks.Registered d = run.named(Types.DISTRIBUTION, "us-east-1-domain-distribution");
        assertThat(run.regionOf(d)).isEqualTo("us-east-1");
        assertThat(d.inputs()).containsEntry("aliases", List.of(DOMAIN))
                .containsEntry("webAclId", "arn:aws:wafv2:us-east-1:" + ACCOUNT
                        + ":global/webacl/switchboard-dev-edge/us-east-1-web-acl-id");
        assertThat((Map<String, Object>) d.inputs().get("viewerCertificate"))
                .containsEntry("acmCertificateArn", "arn:aws:acm:us-east-1:" + ACCOUNT
                        + ":certificate/us-east-1-domain-certificate-id")
                .containsEntry("sslSupportMethod", "sni-only").containsEntry("minimumProtocolVersion", "TLSv1.2_2021");
        Map<String, Object> origin = at(d.inputs(), "origins", 0);
        assertThat(origin).containsEntry("domainName", ORIGIN).doesNotContainKey("originPath");
        assertThat((Object) at(origin, "customHeaders", 0, "value")).isEqualTo(ProgramRun.ORIGIN_SECRET);
        assertThat(run.ofType(Types.RECORD, r -> DOMAIN.equals(r.inputs().get("name"))))
                .extracting(r -> r.inputs().get("type")).containsExactlyInAnyOrder("A", "AAAA");
        assertThat(run.ofType(Types.RECORD, r -> DOMAIN.equals(r.inputs().get("name"))))
                .allSatisfy(r -> assertThat(r.inputs()).containsEntry("aliases", List.of(Map.of(
                        "name", "us-east-1-domain-distribution-id.cloudfront.net", "zoneId", AwsMocks.CLOUDFRONT_ZONE,
                        "evaluateTargetHealth", false))));
        assertThat(run.outputs).containsEntry("customDomainUrl", "wss://" + DOMAIN);
    }
}
