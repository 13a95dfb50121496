package dev.switchboard.cdk;

import dev.switchboard.blueprint.SecretNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.constructs.Construct;

/**
 * The full ARN of a secret (or of its replica) in this stack's region, for a secret another stack creates: one
 * {@code secretsmanager:DescribeSecret} call at deploy time, by name, allowed on that secret only. The handlers get
 * the complete ARN (with Secrets Manager's six-character suffix), never a partial one: a partial ARN is ambiguous and
 * fails outright for a name that ends in a hyphen and six characters
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, SecretId). The call runs
 * again whenever the name changes (the name is the physical id), so a renamed secret reaches the handlers. The call
 * runs through the stack's {@link LookupProvider}, whose role holds the permission before the call.
 */
public final class SecretArnLookup extends Construct {
    private final AwsCustomResource resource;

    /** @param secretName the secret's name */
    public record Props(String secretName) {
    }

    public SecretArnLookup(Construct scope, String id, Props props) {
        super(scope, id);
        String secretName = props.secretName();
        SecretNames.require("secretName", secretName);
        Stack s = Stack.of(this);
        String region = Regional.region(this);
        AwsSdkCall call = AwsSdkCall.builder()
                .service("SecretsManager")
                .action("DescribeSecret")
                .parameters(Map.of("SecretId", secretName))
                .region(region)
                .outputPaths(List.of("ARN"))
                .physicalResourceId(PhysicalResourceId.of(secretName))
                .build();
        LookupProvider provider = LookupProvider.of(this);
        provider.allow(List.of("secretsmanager:DescribeSecret"), List.of("arn:" + s.getPartition() + ":secretsmanager:"
                + region + ":" + s.getAccount() + ":secret:" + secretName + "-??????"));
        this.resource = provider.call(this, "Resource", call);
    }

    /** The secret's complete ARN in this region (a deploy-time value). */
    public String secretArn() {
        return resource.getResponseField("ARN");
    }

    public AwsCustomResource resource() {
        return resource;
    }
}
