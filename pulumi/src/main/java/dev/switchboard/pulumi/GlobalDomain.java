package dev.switchboard.pulumi;

import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.CustomDomain;
import dev.switchboard.blueprint.Regions;

import java.util.Map;

/**
 * The client-facing custom domain (the CDK construct of the same name), in {@value Regions#EDGE_REGION}: an ACM
 * certificate there (CloudFront requires us-east-1), a CloudFront distribution ({@link EdgeDistribution}: TLS 1.2
 * viewers, the edge web ACL, the origin secret header) whose origin is the latency-routed
 * {@link RegionalDomain#originName(CustomDomain)}, and A/AAAA alias records for the domain.
 */
public final class GlobalDomain extends ComponentResource {
    public static final String TYPE = "switchboard:index:GlobalDomain";

    private final EdgeDistribution distribution;
    private final String url;

    GlobalDomain(String name, Blueprint blueprint, Placement edge, Resource parent, Output<String> webAclArn,
                 Output<String> originSecret, Certificates certificates) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        CustomDomain domain = blueprint.environment().customDomain();
        if (domain == null || !edge.region().equals(Regions.EDGE_REGION)) {
            throw new IllegalArgumentException("a global domain needs a custom domain and the " + Regions.EDGE_REGION
                    + " provider");
        }
        Output<String> certificate = certificates.validated(edge, this, "domain", domain.domainName(),
                domain.hostedZoneId());
        this.distribution = new EdgeDistribution(name + "-distribution", edge, this, "domain-distribution",
                "Switchboard " + blueprint.environment().name() + " " + domain.domainName(),
                Output.of(RegionalDomain.originName(domain)), null, webAclArn, originSecret, domain.domainName(),
                certificate);
        for (String type : new String[] {"A", "AAAA"}) {
            new Record(edge.name("domain-" + type.toLowerCase(java.util.Locale.ROOT)), RecordArgs.builder()
                    .zoneId(domain.hostedZoneId())
                    .name(domain.domainName())
                    .type(type)
                    .aliases(RecordAliasArgs.builder()
                            .name(distribution.distribution().domainName())
                            .zoneId(distribution.distribution().hostedZoneId())
                            .evaluateTargetHealth(false)
                            .build())
                    .build(), edge.under(this));
        }
        this.url = "wss://" + domain.domainName();
        registerOutputs(Map.of("url", Output.of(url)));
    }

    public EdgeDistribution distribution() {
        return distribution;
    }

    /** {@code wss://<domainName>}: the URL clients of the custom domain use. */
    public String url() {
        return url;
    }
}
