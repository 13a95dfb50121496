package dev.switchboard.pulumi;

import dev.switchboard.blueprint.ErrorCaching;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every distribution of prod and of the environment with every option on (each region's, and the custom domain's)
 * answers refused upgrades and failing origins without error caching: CloudFront caches 4xx/5xx for 10 s by default
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html).
 */
class ErrorCachingTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyDistribution_cachesNoErrorOfTheBlueprintsCodes_andServesNoErrorPage() {
        int distributions = 0;
        for (ProgramRun run : List.of(ProgramRun.shared(ProgramRun.blueprint("prod", Map.of("alarmEmail",
                ProdStackTest.EMAIL))), ProgramRun.shared(ProgramRun.blueprint("qa", ParityTest.QA)))) {
            for (AwsMocks.Registered d : run.ofType(Types.DISTRIBUTION)) {
                distributions++;
                assertThat((List<Map<String, Object>>) d.inputs().get("customErrorResponses")).as(d.name())
                        .containsExactlyElementsOf(ErrorCaching.UNCACHED_STATUS_CODES.stream()
                                .map(code -> Map.<String, Object>of("errorCode", code.doubleValue(),
                                        "errorCachingMinTtl", 0.0)).toList())
                        .contains(Map.of("errorCode", 403.0, "errorCachingMinTtl", 0.0));
            }
        }
        // prod: one per region; qa: one per region and the custom domain's
        assertThat(distributions).isEqualTo(3 + 3);
    }
}
