package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Regions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.constructs.Construct;

/**
 * Reads the edge web ACL's ARN from the SSM parameter that {@link EdgeProtection} writes in
 * {@value Regions#EDGE_REGION}, at deploy time, with one {@code ssm:GetParameter} call on that parameter only. This is
 * how a regional stack gets the ARN without {@code crossRegionReferences} (open bugs) and without a dependency cycle:
 * the edge stack deploys first and knows nothing of the regional stacks (docs/deploy.md).
 */
public final class WebAclArnLookup extends Construct {
    private final AwsCustomResource resource;

    public WebAclArnLookup(Construct scope, String id, Blueprint blueprint) {
        super(scope, id);
        String name = EdgeProtection.parameterName(blueprint);
        AwsSdkCall call = AwsSdkCall.builder()
                .service("SSM")
                .action("GetParameter")
                .parameters(Map.of("Name", name))
                .region(Regions.EDGE_REGION)
                .physicalResourceId(PhysicalResourceId.of(name))
                .build();
        this.resource = AwsCustomResource.Builder.create(this, "Resource")
                .onCreate(call)
                .onUpdate(call)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(List.of(EdgeProtection.parameterArn(Stack.of(this), blueprint))).build()))
                .build();
    }

    /** The web ACL ARN (a deploy-time value). */
    public String webAclArn() {
        return resource.getResponseField("Parameter.Value");
    }

    public AwsCustomResource resource() {
        return resource;
    }
}
