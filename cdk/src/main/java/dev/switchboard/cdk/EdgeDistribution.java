package dev.switchboard.cdk;

import dev.switchboard.blueprint.ErrorCaching;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.SSLMethod;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.constructs.Construct;

/**
 * A CloudFront distribution in front of one regional WebSocket API: caching disabled, the managed
 * AllViewerExceptHostHeader origin request policy (forwarding Host to API Gateway answers 403), HTTPS only to the
 * origin with TLS 1.2, the edge web ACL attached, a secret origin header the authorizer requires, and no error
 * caching for {@link ErrorCaching#UNCACHED_STATUS_CODES} (CloudFront caches errors for 10 s by default:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html).
 */
public final class EdgeDistribution extends Construct {
    /**
     * @param originDomainName  the API's execute-api host name
     * @param originPath        {@code /<stage>}
     * @param originHeaderName  the header CloudFront adds
     * @param originHeaderValue its value: a CloudFormation dynamic reference to the secret, never the secret itself
     * @param webAclArn         the CLOUDFRONT-scope web ACL (from the edge stack)
     * @param comment           the distribution's comment
     * @param domainName        an alternate domain name (default null: only the *.cloudfront.net name)
     * @param certificate       its us-east-1 certificate (with {@code domainName}); viewers then need TLS 1.2
     */
    public record Props(String originDomainName, String originPath, String originHeaderName, String originHeaderValue,
                        String webAclArn, String comment, String domainName, ICertificate certificate) {
        /** A distribution without an alternate domain name. */
        public Props(String originDomainName, String originPath, String originHeaderName, String originHeaderValue,
                     String webAclArn, String comment) {
            this(originDomainName, originPath, originHeaderName, originHeaderValue, webAclArn, comment, null, null);
        }
    }

    private final Distribution distribution;

    public EdgeDistribution(Construct scope, String id, Props props) {
        super(scope, id);
        HttpOrigin.Builder ob = HttpOrigin.Builder.create(props.originDomainName());
        if (props.originPath() != null) {
            ob.originPath(props.originPath());
        }
        HttpOrigin origin = ob
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                .customHeaders(Map.of(props.originHeaderName(), props.originHeaderValue()))
                .build();
        Distribution.Builder db = Distribution.Builder.create(this, "Resource");
        if (props.domainName() != null) {
            db.domainNames(List.of(props.domainName())).certificate(props.certificate())
                    .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                    .sslSupportMethod(SSLMethod.SNI);
        }
        this.distribution = db
                .comment(props.comment())
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(origin)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                        .compress(false)
                        .build())
                .errorResponses(ErrorCaching.UNCACHED_STATUS_CODES.stream().map(code -> ErrorResponse.builder()
                        .httpStatus(code).ttl(Duration.seconds(0)).build()).toList())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_ALL)
                .webAclId(props.webAclArn())
                .build();
    }

    public Distribution distribution() {
        return distribution;
    }

    /** {@code wss://<distribution domain>}: the URL clients connect to. */
    public String webSocketUrl() {
        return "wss://" + distribution.getDistributionDomainName();
    }
}
