package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.ErrorCaching;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every distribution (each region's, and the custom domain's in the edge stack) answers refused upgrades and failing
 * origins without error caching: CloudFront caches 4xx/5xx for 10 s by default
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html).
 */
class ErrorCachingTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyDistribution_cachesNoErrorOfTheBlueprintsCodes_andServesNoErrorPage() {
        int distributions = 0;
        for (String env : List.of("prod", "qa")) {
            Synthesized s = Synthesized.of(env);
            for (Map.Entry<String, Map<String, Object>> t : s.templates.entrySet()) {
                for (Map<String, Object> d : Cfn.resources(t.getValue(), "AWS::CloudFront::Distribution").values()) {
                    distributions++;
                    Map<String, Object> config = (Map<String, Object>) Cfn.props(d).get("DistributionConfig");
                    assertThat((List<Object>) config.get("CustomErrorResponses")).as(t.getKey())
                            .containsExactlyElementsOf(ErrorCaching.UNCACHED_STATUS_CODES.stream()
                                    .map(code -> Map.of("ErrorCode", code, "ErrorCachingMinTTL", 0)).toList())
                            .contains(Map.of("ErrorCode", 403, "ErrorCachingMinTTL", 0));
                }
            }
        }
        // prod: one per region; qa: one per region and the custom domain's
        assertThat(distributions).isEqualTo(3 + 3);
    }
}
