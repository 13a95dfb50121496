package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ReplicaRegion;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The environment's secrets as one region sees them, all generated in Secrets Manager (never in a template):
 * <ul>
 *   <li>the JWT signing secret the authorizer verifies HS256 tokens with: created by the primary region's stack with a
 *   replica in every other region ({@code <name>/<env>/jwt-signing});</li>
 *   <li>the origin secret CloudFront sends in the origin header: created by {@link EdgeProtection} in the edge stack
 *   (deployed first) with a replica in every other region of the environment ({@code <name>/<env>/origin-verify}).</li>
 * </ul>
 * Outside the stack that creates a secret, it is referred to by name (a partial ARN for the handlers' environment, an
 * ARN pattern with Secrets Manager's six-character suffix for IAM), so no token crosses regions or stacks.
 */
public final class SwitchboardSecrets extends Construct {
    private final String region;
    private final Secret jwt;
    private final String jwtName;
    private final String originName;

    public SwitchboardSecrets(Construct scope, String id, Blueprint blueprint) {
        super(scope, id);
        this.region = Regional.region(this);
        this.jwtName = jwtSecretName(blueprint);
        this.originName = originSecretName(blueprint);
        if (blueprint.environment().primaryRegion().equals(region)) {
            this.jwt = generated(this, "JwtSigning", jwtName, "HS256 signing secret of Switchboard tokens ("
                    + blueprint.environment().name() + "); share it with the token issuer", 64,
                    blueprint.environment().replicaRegions(), blueprint.environment().deletionProtection());
        } else {
            this.jwt = null;
        }
    }

    static Secret generated(Construct scope, String id, String name, String description, int length,
                            List<String> replicaRegions, boolean retain) {
        return Secret.Builder.create(scope, id)
                .secretName(name)
                .description(description)
                .generateSecretString(SecretStringGenerator.builder().passwordLength(length)
                        .excludePunctuation(true).build())
                .replicaRegions(replicaRegions.stream().map(r -> ReplicaRegion.builder().region(r).build()).toList())
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
    }

    /** {@code <name>/<env>/jwt-signing}. */
    public static String jwtSecretName(Blueprint blueprint) {
        return blueprint.name() + "/" + blueprint.environment().name() + "/jwt-signing";
    }

    /** {@code <name>/<env>/origin-verify}. */
    public static String originSecretName(Blueprint blueprint) {
        return blueprint.name() + "/" + blueprint.environment().name() + "/origin-verify";
    }

    /** A CloudFormation dynamic reference to a secret's value, resolved at deploy time, never stored in a template. */
    public static String reference(String secretNameOrArn) {
        return SecretValue.secretsManager(secretNameOrArn).unsafeUnwrap();
    }

    private String partialArn(String name) {
        Stack s = Stack.of(this);
        return "arn:" + s.getPartition() + ":secretsmanager:" + region + ":" + s.getAccount() + ":secret:" + name;
    }

    /** ARN of this region's JWT secret (a partial ARN, without the random suffix, outside the primary region). */
    public String jwtSecretArn() {
        return jwt != null ? jwt.getSecretArn() : partialArn(jwtName);
    }

    /** Partial ARN of this region's copy of the origin secret. */
    public String originSecretArn() {
        return partialArn(originName);
    }

    /** A dynamic reference to this region's copy of the origin secret. */
    public String originSecretReference() {
        return reference(originName);
    }

    /** The JWT signing secret (null outside the primary region). */
    public Secret jwtSecret() {
        return jwt;
    }

    /** Lets {@code grantee} read both secrets in this region ({@code secretsmanager:GetSecretValue} only). */
    public void grantRead(IGrantable grantee) {
        String jwtArn = jwt != null ? jwt.getSecretArn() : partialArn(jwtName) + "-??????";
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(jwtArn, partialArn(originName) + "-??????")).build());
    }
}
