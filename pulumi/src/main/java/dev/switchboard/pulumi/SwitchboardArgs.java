package dev.switchboard.pulumi;

import com.pulumi.asset.Archive;
import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.FunctionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SwitchboardEnvironment} provisions.
 *
 * @param blueprint   the system and its environment ({@code Blueprint.reference(Environments.resolve(..))})
 * @param secrets     the JWT and origin-header secrets, from Pulumi secret config
 * @param handlerCode the jar of every blueprint function's handler (default: {@link #DEFAULT_HANDLER_JAR}, relative
 *                    to the Pulumi project directory; the program reads it from {@value StackConfig#HANDLER_JAR})
 * @param jwtIssuer   the {@code iss} the authorizer requires (default: the blueprint's name, as in the CDK app)
 * @param jwtAudience the {@code aud} the authorizer requires (default: {@code <name>-<env>}, as in the CDK app)
 * @param adoptInlineReplicas import the table's replicas into {@code aws.dynamodb.TableReplica} resources instead of
 *                    creating them: for a stack deployed before the replicas became resources of their own, for one
 *                    {@code pulumi up} (config {@code switchboard:adoptTableReplicas}, docs/deploy.md)
 * @param routes      the user's routes with handlers in their own jars, added to the blueprint (default: none); see
 *                    {@link #system()}
 */
public record SwitchboardArgs(Blueprint blueprint, SwitchboardSecrets secrets, Archive handlerCode, String jwtIssuer,
                              String jwtAudience, boolean adoptInlineReplicas, List<ExtraRoute> routes) {
    /** The handler jar that {@code mvn -pl lambdas -am package} builds (shaded, then shrunk by ProGuard). */
    public static final String DEFAULT_HANDLER_JAR = "lambdas/target/switchboard-lambdas.jar";

    public SwitchboardArgs {
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(secrets, "secrets");
        handlerCode = handlerCode == null ? new FileArchive(DEFAULT_HANDLER_JAR) : handlerCode;
        jwtIssuer = jwtIssuer == null || jwtIssuer.isBlank() ? blueprint.defaultJwtIssuer() : jwtIssuer;
        jwtAudience = jwtAudience == null || jwtAudience.isBlank() ? blueprint.defaultJwtAudience() : jwtAudience;
        routes = List.copyOf(routes == null ? List.of() : routes);
        system(blueprint, routes);
        if (blueprint.environment().edge() && secrets.originSecret() == null) {
            throw new BlueprintException("secrets.originSecret", "the edge is on and CloudFront needs the origin"
                    + " header value", "pass it (pulumi config set --secret " + StackConfig.ORIGIN_SECRET
                    + " \"$(openssl rand -hex 32)\") or turn the edge off (setting edge: false)");
        }
    }

    /** The arguments without extra routes. */
    public SwitchboardArgs(Blueprint blueprint, SwitchboardSecrets secrets, Archive handlerCode, String jwtIssuer,
                           String jwtAudience, boolean adoptInlineReplicas) {
        this(blueprint, secrets, handlerCode, jwtIssuer, jwtAudience, adoptInlineReplicas, List.of());
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
        return new SwitchboardArgs(blueprint, secrets, handlerCode, issuer, audience, adoptInlineReplicas, routes);
    }

    /** These arguments adopting (importing) the table's existing replicas, see {@link #adoptInlineReplicas()}. */
    public SwitchboardArgs withAdoptInlineReplicas(boolean adopt) {
        return new SwitchboardArgs(blueprint, secrets, handlerCode, jwtIssuer, jwtAudience, adopt, routes);
    }

    /** These arguments with {@code code} as the blueprint functions' handler jar. */
    public SwitchboardArgs withHandlerCode(Archive code) {
        return new SwitchboardArgs(blueprint, secrets, code, jwtIssuer, jwtAudience, adoptInlineReplicas, routes);
    }

    /** These arguments plus {@code route}, whose handler is in its own jar. */
    public SwitchboardArgs withRoute(ExtraRoute route) {
        List<ExtraRoute> more = new ArrayList<>(routes);
        more.add(Objects.requireNonNull(route, "route"));
        return new SwitchboardArgs(blueprint, secrets, handlerCode, jwtIssuer, jwtAudience, adoptInlineReplicas, more);
    }

    /** What is deployed: the blueprint plus the {@link #routes()}, each a custom route with its own function. */
    public Blueprint system() {
        return system(blueprint, routes);
    }

    /** The jar of {@code fn}'s handler: its extra route's jar, else {@link #handlerCode()}. */
    public Archive codeFor(FunctionSpec fn) {
        return routes.stream().filter(r -> r.functionName().equals(fn.name())).map(ExtraRoute::code).findFirst()
                .orElse(handlerCode);
    }

    private static Blueprint system(Blueprint blueprint, List<ExtraRoute> routes) {
        Blueprint b = blueprint;
        for (ExtraRoute r : routes) {
            b = b.withCustomRoute(r.route());
        }
        return b;
    }
}
