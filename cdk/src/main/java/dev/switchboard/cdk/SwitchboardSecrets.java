package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.SecretNames;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.ReplicaRegion;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The environment's secrets as one region sees them, all generated in Secrets Manager (never in a template):
 * <ul>
 *   <li>the JWT signing secret the authorizer verifies HS256 tokens with: created by the primary region's stack with a
 *   replica in every other region ({@link SecretNames#jwtSigning});</li>
 *   <li>the origin secret CloudFront sends in the origin header: created by {@link EdgeProtection} in the edge stack
 *   (deployed first) with a replica in every other region of the environment ({@link SecretNames#originHeader}); only with the edge.</li>
 * </ul>
 * Outside the stack that creates a secret, its complete ARN comes from a {@link SecretArnLookup} in this region (a
 * deploy-time DescribeSecret by name), so no token crosses regions or stacks and the handlers and IAM get full ARNs.
 */
public final class SwitchboardSecrets extends Construct {
    private final String region;
    private final Secret jwt;
    private final String jwtName;
    private final String originName;
    private final SecretArnLookup jwtLookup;
    private final SecretArnLookup originLookup;

    /** @param blueprint the system and its environment (regions, deletion protection, edge) */
    public record Props(Blueprint blueprint) {
        public Props {
            java.util.Objects.requireNonNull(blueprint, "blueprint");
        }
    }

    public SwitchboardSecrets(Construct scope, String id, Props props) {
        super(scope, id);
        Blueprint blueprint = props.blueprint();
        this.region = Regional.region(this);
        this.jwtName = jwtSecretName(blueprint);
        this.originName = originSecretName(blueprint);
        if (blueprint.environment().primaryRegion().equals(region)) {
            this.jwt = generated(this, "JwtSigning", jwtName, "HS256 signing secret of Switchboard tokens ("
                    + blueprint.environment().name() + "); share it with the token issuer", 64,
                    blueprint.environment().replicaRegions(), blueprint.environment().deletionProtection());
            this.jwtLookup = null;
        } else {
            this.jwt = null;
            this.jwtLookup = new SecretArnLookup(this, "JwtSigningArn", new SecretArnLookup.Props(jwtName));
        }
        this.originLookup = blueprint.environment().edge() ? new SecretArnLookup(this, "OriginHeaderArn",
                new SecretArnLookup.Props(originName))
                : null;
    }

    static Secret generated(Construct scope, String id, String name, String description, int length,
                            List<String> replicaRegions, boolean retain) {
        SecretNames.require("secretName", name);
        return Secret.Builder.create(scope, id)
                .secretName(name)
                .description(description)
                .generateSecretString(SecretStringGenerator.builder().passwordLength(length)
                        .excludePunctuation(true).build())
                .replicaRegions(replicaRegions.stream().map(r -> ReplicaRegion.builder().region(r).build()).toList())
                .removalPolicy(retain ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY)
                .build();
    }

    /** {@link SecretNames#jwtSigning}. */
    public static String jwtSecretName(Blueprint blueprint) {
        return SecretNames.jwtSigning(blueprint);
    }

    /** {@link SecretNames#originHeader}. */
    public static String originSecretName(Blueprint blueprint) {
        return SecretNames.originHeader(blueprint);
    }

    /** A CloudFormation dynamic reference to a secret's value, resolved at deploy time, never stored in a template. */
    public static String reference(String secretNameOrArn) {
        return SecretValue.secretsManager(secretNameOrArn).unsafeUnwrap();
    }

    /**
     * A dynamic reference to one version of a secret, {@code {{resolve:secretsmanager:<ARN>:SecretString:::<versionId>}}}
     * (empty json-key and version-stage segments); with a null {@code versionId}, {@link #reference(String)}.
     * CloudFormation resolves a dynamic reference only when the property that holds it changes, so a pinned version
     * id is what makes a new secret value reach a resource: the template changes with it
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html,
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html).
     *
     * @param secretArn the secret's complete ARN (a name would do in the same account; the ARN names one secret
     *                  beyond doubt)
     */
    public static String reference(String secretArn, String versionId) {
        if (versionId == null) {
            return reference(secretArn);
        }
        return SecretValue.secretsManager(secretArn, SecretsManagerSecretOptions.builder().versionId(versionId)
                .build()).unsafeUnwrap();
    }

    /** Complete ARN of this region's JWT secret (its replica outside the primary region). */
    public String jwtSecretArn() {
        return jwt != null ? jwt.getSecretArn() : jwtLookup.secretArn();
    }

    /** Complete ARN of this region's copy of the origin secret, or null without the edge. */
    public String originSecretArn() {
        return originLookup == null ? null : originLookup.secretArn();
    }

    /** A dynamic reference to this region's copy of the origin secret (its AWSCURRENT version, by name). */
    public String originSecretReference() {
        return reference(originName);
    }

    /**
     * A dynamic reference to version {@code versionId} of this region's copy of the origin secret, by its complete
     * ARN; with a null {@code versionId}, {@link #originSecretReference()}.
     */
    public String originSecretReference(String versionId) {
        return versionId == null ? originSecretReference() : reference(originSecretArn(), versionId);
    }

    /** The JWT signing secret (null outside the primary region). */
    public Secret jwtSecret() {
        return jwt;
    }

    /**
     * Lets {@code grantee} read the secrets in this region ({@code secretsmanager:GetSecretValue} only): the JWT
     * secret and, with the edge, the origin secret.
     */
    public Grant grantRead(IGrantable grantee) {
        List<String> arns = originLookup == null ? List.of(jwtSecretArn()) : List.of(jwtSecretArn(), originSecretArn());
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(grantee)
                .actions(List.of("secretsmanager:GetSecretValue")).resourceArns(arns).build());
    }
}
