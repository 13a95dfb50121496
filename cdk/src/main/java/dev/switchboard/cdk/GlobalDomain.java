package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.CustomDomain;
import dev.switchboard.blueprint.Regions;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.constructs.Construct;

/**
 * The client-facing custom domain, in the {@value Regions#EDGE_REGION} edge stack: an ACM certificate there (CloudFront
 * requires us-east-1), a CloudFront distribution ({@link EdgeDistribution}, TLS 1.2 viewers, the edge web ACL, the
 * origin secret header) whose origin is the latency-routed {@link RegionalDomain#originName(CustomDomain)}, and A/AAAA
 * alias records. The origin name resolves at request time, so this stack does not depend on the regional stacks.
 */
public final class GlobalDomain extends Construct {
    private final EdgeDistribution distribution;

    /**
     * @param blueprint         the environment (its custom domain must be set)
     * @param webAclArn         the edge web ACL
     * @param originHeaderName  the origin header's name
     * @param originHeaderValue a dynamic reference to the origin secret
     */
    public record Props(Blueprint blueprint, String webAclArn, String originHeaderName, String originHeaderValue) {
    }

    public GlobalDomain(Construct scope, String id, Props props) {
        super(scope, id);
        CustomDomain domain = props.blueprint().environment().customDomain();
        if (domain == null) {
            throw new dev.switchboard.blueprint.BlueprintException("environments."
                    + props.blueprint().environment().name() + ".customDomain", "not set",
                    "configure customDomain or do not create a GlobalDomain");
        }
        IHostedZone zone = RegionalDomain.zone(this, domain);
        Certificate certificate = Certificate.Builder.create(this, "Certificate").domainName(domain.domainName())
                .validation(CertificateValidation.fromDns(zone)).build();
        this.distribution = new EdgeDistribution(this, "Resource", new EdgeDistribution.Props(
                RegionalDomain.originName(domain), null, props.originHeaderName(), props.originHeaderValue(),
                props.webAclArn(), "Switchboard " + props.blueprint().environment().name() + " " + domain.domainName(),
                domain.domainName(), certificate));
        Distribution d = distribution.distribution();
        ARecord.Builder.create(this, "A").zone(zone).recordName(domain.domainName())
                .target(RecordTarget.fromAlias(new CloudFrontTarget(d))).build();
        AaaaRecord.Builder.create(this, "Aaaa").zone(zone).recordName(domain.domainName())
                .target(RecordTarget.fromAlias(new CloudFrontTarget(d))).build();
        Nag.distribution(distribution);
    }

    public EdgeDistribution distribution() {
        return distribution;
    }

    /** {@code wss://<domainName>}. */
    public String webSocketUrl(CustomDomain domain) {
        return "wss://" + domain.domainName();
    }
}
