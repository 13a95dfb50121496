package dev.switchboard.pulumi;

import com.pulumi.aws.cloudfront.Distribution;
import com.pulumi.aws.cloudfront.DistributionArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionCustomErrorResponseArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionDefaultCacheBehaviorArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginCustomHeaderArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionOriginCustomOriginConfigArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionRestrictionsArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionRestrictionsGeoRestrictionArgs;
import com.pulumi.aws.cloudfront.inputs.DistributionViewerCertificateArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.ErrorCaching;

import java.util.List;
import java.util.Map;

/**
 * The region's CloudFront distribution in front of its WebSocket API (the CDK construct of the same name): caching
 * disabled, the managed AllViewerExceptHostHeader origin request policy (forwarding Host gets 403 from API Gateway),
 * HTTPS (TLS 1.2) to the origin, the edge web ACL, and a secret origin header that the authorizer requires, so the
 * execute-api URL cannot bypass WAF, and no error caching for {@link ErrorCaching#UNCACHED_STATUS_CODES} (CloudFront
 * caches errors for 10 s by default: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html).
 * The origin path is the stage, so clients connect to {@code wss://<distribution>} (the same URL the CDK stacks output).
 */
public final class EdgeDistribution extends ComponentResource {
    public static final String TYPE = "switchboard:index:EdgeDistribution";
    /** The header CloudFront adds to every origin request; its value is the origin secret. */
    public static final String ORIGIN_HEADER_NAME = Blueprint.ORIGIN_HEADER;
    /** Managed cache policy CachingDisabled. */
    public static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** Managed origin request policy AllViewerExceptHostHeader. */
    public static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private final Distribution distribution;

    /** The region's distribution in front of its endpoint ({@code wss://<distribution>} reaches the stage). */
    EdgeDistribution(String name, Blueprint blueprint, Placement placement, Resource parent,
                     WebSocketEndpoint endpoint, Output<String> webAclArn, Output<String> originSecret) {
        this(name, placement, parent, "distribution", "Switchboard " + blueprint.environment().name() + " "
                        + placement.region(), endpoint.originDomain(), "/" + blueprint.environment().stageName(),
                webAclArn, originSecret, null, null);
    }

    /**
     * A distribution in front of {@code originDomain}.
     *
     * @param originPath     prefixed to every request path (the stage), or null when the origin maps the stage itself
     * @param alias          an alternate domain name, or null for the {@code *.cloudfront.net} name only
     * @param certificateArn the alias's us-east-1 certificate (with {@code alias}); viewers then need TLS 1.2
     */
    EdgeDistribution(String name, Placement placement, Resource parent, String logicalSuffix, String comment,
                     Output<String> originDomain, String originPath, Output<String> webAclArn,
                     Output<String> originSecret, String alias, Output<String> certificateArn) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        String originId = "websocket-api";
        DistributionOriginArgs.Builder origin = DistributionOriginArgs.builder()
                .originId(originId)
                .domainName(originDomain)
                .customOriginConfig(DistributionOriginCustomOriginConfigArgs.builder()
                        .httpPort(80)
                        .httpsPort(443)
                        .originProtocolPolicy("https-only")
                        .originSslProtocols(List.of("TLSv1.2"))
                        .build())
                .customHeaders(List.of(DistributionOriginCustomHeaderArgs.builder()
                        .name(ORIGIN_HEADER_NAME)
                        .value(originSecret)
                        .build()));
        if (originPath != null) {
            origin.originPath(originPath);
        }
        DistributionArgs.Builder args = DistributionArgs.builder()
                .comment(comment)
                .enabled(true)
                .isIpv6Enabled(true)
                .httpVersion("http2and3")
                .webAclId(webAclArn)
                .origins(List.of(origin.build()))
                .defaultCacheBehavior(DistributionDefaultCacheBehaviorArgs.builder()
                        .targetOriginId(originId)
                        .viewerProtocolPolicy("https-only")
                        .allowedMethods(List.of("GET", "HEAD", "OPTIONS"))
                        .cachedMethods(List.of("GET", "HEAD"))
                        .cachePolicyId(CACHING_DISABLED)
                        .originRequestPolicyId(ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .compress(false)
                        .build())
                .customErrorResponses(ErrorCaching.UNCACHED_STATUS_CODES.stream().map(code ->
                        DistributionCustomErrorResponseArgs.builder().errorCode(code).errorCachingMinTtl(0).build())
                        .toList())
                .restrictions(DistributionRestrictionsArgs.builder().geoRestriction(
                        DistributionRestrictionsGeoRestrictionArgs.builder().restrictionType("none").build()).build());
        if (alias == null) {
            args.viewerCertificate(DistributionViewerCertificateArgs.builder().cloudfrontDefaultCertificate(true)
                    .build());
        } else {
            args.aliases(List.of(alias))
                    .viewerCertificate(DistributionViewerCertificateArgs.builder()
                            .acmCertificateArn(certificateArn)
                            .sslSupportMethod("sni-only")
                            .minimumProtocolVersion("TLSv1.2_2021")
                            .build());
        }
        this.distribution = new Distribution(placement.name(logicalSuffix), args.build(), placement.under(this));
        registerOutputs(Map.of("websocketUrl", websocketUrl()));
    }

    public Distribution distribution() {
        return distribution;
    }

    /** {@code wss://<distribution domain>}: the URL clients use (add {@code ?token=<JWT>}). */
    public Output<String> websocketUrl() {
        return distribution.domainName().applyValue(d -> "wss://" + d);
    }
}
