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
 * The environment's two secrets in Secrets Manager, generated there (never in a template): the JWT signing secret the
 * authorizer verifies HS256 tokens with, and the origin secret CloudFront sends in the origin header. The primary
 * region's stack creates them with a replica in every other region; other regions refer to their replica by name
 * ({@code <name>/<env>/jwt-signing}, {@code <name>/<env>/origin-verify}), so no token crosses regions.
 */
public final class SwitchboardSecrets extends Construct {
    private final String region;
    private final Secret jwt;
    private final Secret origin;
    private final String jwtName;
    private final String originName;

    public SwitchboardSecrets(Construct scope, String id, Blueprint blueprint) {
        super(scope, id);
        this.region = Regional.region(this);
        String prefix = blueprint.name() + "/" + blueprint.environment().name() + "/";
        this.jwtName = prefix + "jwt-signing";
        this.originName = prefix + "origin-verify";
        if (blueprint.environment().primaryRegion().equals(region)) {
            List<ReplicaRegion> replicas = blueprint.environment().replicaRegions().stream()
                    .map(r -> ReplicaRegion.builder().region(r).build()).toList();
            RemovalPolicy removal = blueprint.environment().deletionProtection() ? RemovalPolicy.RETAIN
                    : RemovalPolicy.DESTROY;
            this.jwt = Secret.Builder.create(this, "JwtSigning")
                    .secretName(jwtName)
                    .description("HS256 signing secret of Switchboard tokens (" + blueprint.environment().name()
                            + "); share it with the token issuer")
                    .generateSecretString(SecretStringGenerator.builder().passwordLength(64)
                            .excludePunctuation(true).build())
                    .replicaRegions(replicas)
                    .removalPolicy(removal)
                    .build();
            this.origin = Secret.Builder.create(this, "OriginVerify")
                    .secretName(originName)
                    .description("Value of the origin header CloudFront adds; the authorizer rejects handshakes"
                            + " without it, so the execute-api URL cannot bypass WAF")
                    .generateSecretString(SecretStringGenerator.builder().passwordLength(48)
                            .excludePunctuation(true).build())
                    .replicaRegions(replicas)
                    .removalPolicy(removal)
                    .build();
        } else {
            this.jwt = null;
            this.origin = null;
        }
    }

    private String partialArn(String name) {
        Stack s = Stack.of(this);
        return "arn:" + s.getPartition() + ":secretsmanager:" + region + ":" + s.getAccount() + ":secret:" + name;
    }

    /** ARN of this region's JWT secret (partial ARN, without the random suffix, outside the primary region). */
    public String jwtSecretArn() {
        return jwt != null ? jwt.getSecretArn() : partialArn(jwtName);
    }

    /** ARN of this region's origin secret (partial ARN outside the primary region). */
    public String originSecretArn() {
        return origin != null ? origin.getSecretArn() : partialArn(originName);
    }

    /** A CloudFormation dynamic reference to the origin secret, resolved at deploy time, never stored in a template. */
    public String originSecretReference() {
        return SecretValue.secretsManager(origin != null ? origin.getSecretArn() : originName).unsafeUnwrap();
    }

    /** The JWT signing secret (null outside the primary region). */
    public Secret jwtSecret() {
        return jwt;
    }

    /** The origin secret (null outside the primary region). */
    public Secret originSecret() {
        return origin;
    }

    /** The names of the secrets: JWT signing, origin. */
    public List<String> names() {
        return List.of(jwtName, originName);
    }

    /** Lets {@code grantee} read both secrets in this region ({@code secretsmanager:GetSecretValue} only). */
    public void grantRead(IGrantable grantee) {
        List<String> arns = jwt != null ? List.of(jwt.getSecretArn(), origin.getSecretArn())
                : List.of(partialArn(jwtName) + "-??????", partialArn(originName) + "-??????");
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue")).resources(arns).build());
    }
}
