package dev.switchboard.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The execution role and log group of a stack's {@link AwsCustomResource} provider (CDK's one function per stack),
 * shared by every deploy-time call Switchboard makes there ({@link SecretArnLookup}, {@link WebAclArnLookup},
 * {@link TableProtection}); one per stack, {@link #of}.
 * <ul>
 *   <li>Every call's permission is an inline policy of the {@code AWS::IAM::Role} itself, so it exists before the
 *   provider function is created, rather than in an {@code AWS::IAM::Policy} attached just before the call: IAM is
 *   eventually consistent, and a policy CloudFormation reports complete may not be in effect yet
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency;
 *   aws-cdk #37675, #31429).</li>
 *   <li>The log group exists before the function and is the function's {@code LoggingConfig.LogGroup}, so Lambda never
 *   creates {@code /aws/lambda/<function>} itself and races a log group of that name (aws-cdk #667, #34612). It is
 *   deleted with the stack or a failed create ({@link RemovalPolicy#DESTROY}): it holds only the deploy-time calls'
 *   logs, kept {@value #RETENTION_DAYS} days.</li>
 * </ul>
 */
public final class LookupProvider extends Construct {
    static final String ID = "SwitchboardLookupProvider";
    static final int RETENTION_DAYS = 30;
    /** The construct id of CDK's AwsCustomResource provider function (its SingletonFunction's uuid, without dashes). */
    static final String FUNCTION_ID = "AWS679f53fac002430cb0da5b7982bd2287";

    private final PolicyDocument statements = new PolicyDocument();
    private final Role role;
    private final LogGroup logGroup;

    /** The stack's provider, created on first use. */
    public static LookupProvider of(IConstruct scope) {
        Stack stack = Stack.of(scope);
        IConstruct existing = stack.getNode().tryFindChild(ID);
        return existing != null ? (LookupProvider) existing : new LookupProvider(stack, ID);
    }

    private LookupProvider(Construct scope, String id) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY).build();
        statements.addStatements(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn())).build());
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Switchboard's deploy-time lookups (AwsCustomResource provider)")
                .inlinePolicies(Map.of("DeployTimeCalls", statements))
                .build();
    }

    /** Whether {@code c} is a stack's provider: this construct or CDK's provider function. */
    static boolean isProvider(IConstruct c) {
        return c instanceof LookupProvider || FUNCTION_ID.equals(c.getNode().getId());
    }

    /** Allows {@code actions} on {@code resources} to the provider: a statement of the role's inline policy. */
    public void allow(List<String> actions, List<String> resources) {
        statements.addStatements(PolicyStatement.Builder.create().actions(actions).resources(resources).build());
    }

    /**
     * A custom resource that makes {@code call} on create and on update (nothing on delete) with this provider's role
     * and log group; the permission it needs must be {@link #allow allowed}.
     */
    public AwsCustomResource call(Construct scope, String id, AwsSdkCall call) {
        return call(scope, id, call, null);
    }

    /** {@link #call(Construct, String, AwsSdkCall)} that makes {@code onDelete} (unless null) when deleted. */
    public AwsCustomResource call(Construct scope, String id, AwsSdkCall call, AwsSdkCall onDelete) {
        return AwsCustomResource.Builder.create(scope, id)
                .onCreate(call)
                .onUpdate(call)
                .onDelete(onDelete)
                .installLatestAwsSdk(false)
                .role(role.withoutPolicyUpdates())
                .logGroup(logGroup)
                .build();
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
