package dev.switchboard.cdk;

import dev.switchboard.blueprint.CustomDomain;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.apigatewayv2.ApiMapping;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.EndpointType;
import software.amazon.awscdk.services.apigatewayv2.SecurityPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AlarmIdentifier;
import software.amazon.awscdk.services.route53.HealthCheck;
import software.amazon.awscdk.services.route53.HealthCheckType;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHealthCheck;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.InsufficientDataHealthStatusEnum;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.ApiGatewayv2DomainProperties;
import software.constructs.Construct;

/**
 * The regional half of a custom domain: an ACM certificate (DNS-validated in the hosted zone) and a regional API
 * Gateway domain name ({@code Resource}, TLS 1.2) for {@link #originName(CustomDomain)}, mapped to the stage, and a
 * Route 53 latency record for that name with a health check that turns unhealthy when any of the region's health
 * alarms fires (a calculated check over one CloudWatch-alarm check per alarm; {@link
 * dev.switchboard.blueprint.AlarmSpec#gatesRegionHealth()}: not the alarms one client can trip). The edge stack's distribution
 * ({@link GlobalDomain}) uses this latency-routed name as its origin, so clients of the custom domain pass CloudFront
 * and WAF and reach the healthy region nearest to their edge location.
 */
public final class RegionalDomain extends Construct {
    private final DomainName domainName;
    private final ARecord record;

    /**
     * @param domain    the environment's custom domain
     * @param endpoint  this region's WebSocket endpoint
     * @param apiAlarms the alarms whose state decides this region's health ({@code Monitoring.healthAlarms()})
     */
    public record Props(CustomDomain domain, WebSocketEndpoint endpoint, List<Alarm> apiAlarms) {
    }

    public RegionalDomain(Construct scope, String id, Props props) {
        super(scope, id);
        String region = Regional.region(this);
        String name = originName(props.domain());
        IHostedZone zone = zone(this, props.domain());
        Certificate certificate = Certificate.Builder.create(this, "Certificate").domainName(name)
                .validation(CertificateValidation.fromDns(zone)).build();
        this.domainName = DomainName.Builder.create(this, "Resource")
                .domainName(name)
                .certificate(certificate)
                .endpointType(EndpointType.REGIONAL)
                .securityPolicy(SecurityPolicy.TLS_1_2)
                .build();
        ApiMapping.Builder.create(this, "Mapping").api(props.endpoint().api()).domainName(domainName)
                .stage(props.endpoint().stage()).build();
        List<IHealthCheck> children = new ArrayList<>();
        for (int i = 0; i < props.apiAlarms().size(); i++) {
            Alarm alarm = props.apiAlarms().get(i);
            children.add(HealthCheck.Builder.create(this, "Alarm" + i)
                    .type(HealthCheckType.CLOUDWATCH_METRIC)
                    .alarmIdentifier(AlarmIdentifier.builder().name(alarm.getAlarmName()).region(region).build())
                    .insufficientDataHealthStatus(InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS)
                    .build());
        }
        HealthCheck health = HealthCheck.Builder.create(this, "Health")
                .type(HealthCheckType.CALCULATED)
                .childHealthChecks(children)
                .healthThreshold(children.size())
                .build();
        this.record = ARecord.Builder.create(this, "Latency")
                .zone(zone)
                .recordName(name)
                .region(region)
                .setIdentifier(region)
                .healthCheck(health)
                .target(RecordTarget.fromAlias(new ApiGatewayv2DomainProperties(domainName.getRegionalDomainName(),
                        domainName.getRegionalHostedZoneId())))
                .build();
    }

    /** The latency-routed origin name behind the custom domain: {@code origin.<domainName>}. */
    public static String originName(CustomDomain domain) {
        return "origin." + domain.domainName();
    }

    static IHostedZone zone(Construct scope, CustomDomain domain) {
        return HostedZone.fromHostedZoneAttributes(scope, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(domain.hostedZoneId()).zoneName(domain.hostedZoneName()).build());
    }

    public DomainName domainName() {
        return domainName;
    }

    public ARecord record() {
        return record;
    }
}
