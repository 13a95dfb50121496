package dev.switchboard.pulumi;

import com.pulumi.aws.apigatewayv2.ApiMapping;
import com.pulumi.aws.apigatewayv2.ApiMappingArgs;
import com.pulumi.aws.apigatewayv2.DomainName;
import com.pulumi.aws.apigatewayv2.DomainNameArgs;
import com.pulumi.aws.apigatewayv2.inputs.DomainNameDomainNameConfigurationArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.route53.HealthCheck;
import com.pulumi.aws.route53.HealthCheckArgs;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.aws.route53.inputs.RecordLatencyRoutingPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.CustomDomain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The regional half of a custom domain (the CDK construct of the same name): a DNS-validated ACM certificate and a
 * regional API Gateway domain name (TLS 1.2) for {@link #originName(CustomDomain)}, mapped to the stage, and a Route 53
 * latency record for that name whose health check turns unhealthy when any of the region's health alarms fires (a
 * calculated check over one CloudWatch-alarm check per alarm; {@link dev.switchboard.blueprint.AlarmSpec#gatesRegionHealth()}:
 * not the alarms one client can trip). {@link GlobalDomain}'s distribution uses the
 * latency-routed name as its origin, so clients of the custom domain pass CloudFront and WAF and reach the nearest
 * healthy region.
 */
public final class RegionalDomain extends ComponentResource {
    public static final String TYPE = "switchboard:index:RegionalDomain";

    private final DomainName domainName;
    private final Record record;

    RegionalDomain(String name, CustomDomain domain, Placement placement, Resource parent, WebSocketEndpoint endpoint,
                   List<MetricAlarm> apiAlarms, Certificates certificates) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        String region = placement.region();
        String origin = originName(domain);
        Output<String> certificate = certificates.validated(placement, this, "origin", origin, domain.hostedZoneId());
        this.domainName = new DomainName(placement.name("origin-domain"), DomainNameArgs.builder()
                .domainName(origin)
                .domainNameConfiguration(DomainNameDomainNameConfigurationArgs.builder()
                        .certificateArn(certificate)
                        .endpointType("REGIONAL")
                        .securityPolicy("TLS_1_2")
                        .build())
                .build(), placement.under(this));
        new ApiMapping(placement.name("origin-mapping"), ApiMappingArgs.builder()
                .apiId(endpoint.api().id())
                .domainName(domainName.id())
                .stage(endpoint.stage().id())
                .build(), placement.under(this));
        List<Output<String>> children = new ArrayList<>();
        for (int i = 0; i < apiAlarms.size(); i++) {
            children.add(new HealthCheck(placement.name("origin-alarm-" + i), HealthCheckArgs.builder()
                    .type("CLOUDWATCH_METRIC")
                    .cloudwatchAlarmName(apiAlarms.get(i).name())
                    .cloudwatchAlarmRegion(region)
                    .insufficientDataHealthStatus("LastKnownStatus")
                    .build(), placement.under(this)).id());
        }
        HealthCheck health = new HealthCheck(placement.name("origin-health"), HealthCheckArgs.builder()
                .type("CALCULATED")
                .childHealthchecks(Output.all(children))
                .childHealthThreshold(children.size())
                .build(), placement.under(this));
        var config = domainName.domainNameConfiguration();
        this.record = new Record(placement.name("origin-latency"), RecordArgs.builder()
                .zoneId(domain.hostedZoneId())
                .name(origin)
                .type("A")
                .setIdentifier(region)
                .latencyRoutingPolicies(RecordLatencyRoutingPolicyArgs.builder().region(region).build())
                .healthCheckId(health.id())
                .aliases(RecordAliasArgs.builder()
                        .name(config.applyValue(c -> c.targetDomainName().orElseThrow()))
                        .zoneId(config.applyValue(c -> c.hostedZoneId().orElseThrow()))
                        // the record's own health check decides; an API Gateway domain has no health Route 53 can
                        // evaluate (as CDK's ApiGatewayv2DomainProperties target, which leaves it false)
                        .evaluateTargetHealth(false)
                        .build())
                .build(), placement.under(this));
        registerOutputs(Map.of("originName", Output.of(origin)));
    }

    /** The latency-routed origin name behind the custom domain: {@code origin.<domainName>} (as in the CDK app). */
    public static String originName(CustomDomain domain) {
        return "origin." + domain.domainName();
    }

    public DomainName domainName() {
        return domainName;
    }

    public Record record() {
        return record;
    }
}
