package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Regions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.constructs.Construct;

/**
 * Reads the edge web ACL's ARN from the SSM parameter that {@link EdgeProtection} writes in
 * {@value Regions#EDGE_REGION}, at deploy time, with one {@code ssm:GetParameter} call on that parameter only. This is
 * how a regional stack gets the ARN without {@code crossRegionReferences} (open bugs) and without a dependency cycle:
 * the edge stack deploys first and knows nothing of the regional stacks (docs/deploy.md). The lookup is keyed on
 * {@link EdgeProtection#replacementKey()}, so a replaced web ACL reaches every distribution on the next deploy. The
 * call runs through the stack's {@link LookupProvider}, whose role holds the permission before the call.
 */
public final class WebAclArnLookup extends Construct {
    private final AwsCustomResource resource;

    /**
     * @param blueprint the system and its environment (the parameter's name)
     * @param aclKey    {@link EdgeProtection#replacementKey()}: the physical id carries it, so the lookup runs again
     *                  (an Update with a new physical id) exactly when the web ACL was replaced, and never otherwise
     *                  (default null: {@link EdgeProtection#replacementKey(Blueprint)}, the key of the ACL
     *                  {@link EdgeProtection} names for the blueprint)
     */
    public record Props(Blueprint blueprint, String aclKey) {
        public Props {
            java.util.Objects.requireNonNull(blueprint, "blueprint");
            aclKey = aclKey == null ? EdgeProtection.replacementKey(blueprint) : aclKey;
        }
    }

    public WebAclArnLookup(Construct scope, String id, Props props) {
        super(scope, id);
        Blueprint blueprint = props.blueprint();
        String aclKey = props.aclKey();
        String name = EdgeProtection.parameterName(blueprint);
        AwsSdkCall call = AwsSdkCall.builder()
                .service("SSM")
                .action("GetParameter")
                .parameters(Map.of("Name", name))
                .region(Regions.EDGE_REGION)
                .physicalResourceId(PhysicalResourceId.of(name + "@" + aclKey))
                .build();
        LookupProvider provider = LookupProvider.of(this);
        provider.allow(List.of("ssm:GetParameter"), List.of(EdgeProtection.parameterArn(Stack.of(this), blueprint)));
        this.resource = provider.call(this, "Resource", call);
    }

    /** The web ACL ARN (a deploy-time value). */
    public String webAclArn() {
        return resource.getResponseField("Parameter.Value");
    }

    public AwsCustomResource resource() {
        return resource;
    }
}
