package dev.switchboard.pulumi;

import com.pulumi.asset.Archive;
import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.Blueprint;

import java.util.Objects;

/**
 * What {@link SwitchboardEnvironment} provisions.
 *
 * @param blueprint   the system and its environment ({@code Blueprint.reference(Environments.resolve(..))})
 * @param secrets     the JWT and origin-header secrets, from Pulumi secret config
 * @param handlerCode the handler jar (default: {@link #DEFAULT_HANDLER_JAR}, relative to the Pulumi project
 *                    directory)
 * @param jwtIssuer   the {@code iss} the authorizer requires (default: the blueprint's name, as in the CDK app)
 * @param jwtAudience the {@code aud} the authorizer requires (default: {@code <name>-<env>}, as in the CDK app)
 * @param adoptInlineReplicas import the table's replicas into {@code aws.dynamodb.TableReplica} resources instead of
 *                    creating them: for a stack deployed before the replicas became resources of their own, for one
 *                    {@code pulumi up} (config {@code switchboard:adoptTableReplicas}, docs/deploy.md)
 */
public record SwitchboardArgs(Blueprint blueprint, SwitchboardSecrets secrets, Archive handlerCode, String jwtIssuer,
                              String jwtAudience, boolean adoptInlineReplicas) {
    /** The shaded handler jar that {@code mvn -pl lambdas -am package} builds. */
    public static final String DEFAULT_HANDLER_JAR = "lambdas/target/switchboard-lambdas.jar";

    public SwitchboardArgs {
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(secrets, "secrets");
        handlerCode = handlerCode == null ? new FileArchive(DEFAULT_HANDLER_JAR) : handlerCode;
        jwtIssuer = jwtIssuer == null || jwtIssuer.isBlank() ? blueprint.defaultJwtIssuer() : jwtIssuer;
        jwtAudience = jwtAudience == null || jwtAudience.isBlank() ? blueprint.defaultJwtAudience() : jwtAudience;
    }

    /** The arguments, replicas created (not adopted). */
    public SwitchboardArgs(Blueprint blueprint, SwitchboardSecrets secrets, Archive handlerCode, String jwtIssuer,
                           String jwtAudience) {
        this(blueprint, secrets, handlerCode, jwtIssuer, jwtAudience, false);
    }

    /** The arguments with the default issuer and audience. */
    public SwitchboardArgs(Blueprint blueprint, SwitchboardSecrets secrets, Archive handlerCode) {
        this(blueprint, secrets, handlerCode, null, null);
    }

    /** The arguments with the default handler jar, issuer and audience. */
    public static SwitchboardArgs of(Blueprint blueprint, SwitchboardSecrets secrets) {
        return new SwitchboardArgs(blueprint, secrets, null);
    }

    /** These arguments with another required {@code iss} and {@code aud} (null keeps the default). */
    public SwitchboardArgs withJwt(String issuer, String audience) {
        return new SwitchboardArgs(blueprint, secrets, handlerCode, issuer, audience, adoptInlineReplicas);
    }

    /** These arguments adopting (importing) the table's existing replicas, see {@link #adoptInlineReplicas()}. */
    public SwitchboardArgs withAdoptInlineReplicas(boolean adopt) {
        return new SwitchboardArgs(blueprint, secrets, handlerCode, jwtIssuer, jwtAudience, adopt);
    }
}
