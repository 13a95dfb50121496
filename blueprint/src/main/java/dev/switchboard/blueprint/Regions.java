package dev.switchboard.blueprint;

import java.util.Set;
import java.util.TreeSet;

/** AWS commercial regions Switchboard can deploy to, and the ones where Lambda SnapStart is not offered. */
public final class Regions {
    /** The region that must hold CLOUDFRONT-scope WAF web ACLs and CloudFront's WAF metrics. */
    public static final String EDGE_REGION = "us-east-1";

    /** Commercial regions with API Gateway WebSocket APIs, Lambda and DynamoDB global tables. */
    public static final Set<String> KNOWN = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1",
            "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
            "eu-south-1", "eu-south-2", "il-central-1", "me-south-1", "me-central-1", "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7");

    /** Regions without Lambda SnapStart (New Zealand and Taipei; https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html lists where it runs). */
    public static final Set<String> WITHOUT_SNAPSTART = Set.of("ap-southeast-6", "ap-east-2");

    private Regions() {
    }

    static void requireDeployable(String field, String region) {
        Check.notBlank(field, region, "name an AWS region such as us-east-1");
        if (!KNOWN.contains(region)) {
            throw new BlueprintException(field, "unknown region '" + region + "'",
                    "use one of " + new TreeSet<>(KNOWN));
        }
        if (WITHOUT_SNAPSTART.contains(region)) {
            throw new BlueprintException(field, "region '" + region + "' has no Lambda SnapStart",
                    "choose another region; Switchboard's handlers rely on SnapStart for cold starts");
        }
    }
}
