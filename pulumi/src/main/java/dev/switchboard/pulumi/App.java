package dev.switchboard.pulumi;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;

import java.nio.file.Path;

/**
 * The Pulumi program that Pulumi.yaml runs ({@code pulumi/target/switchboard-pulumi.jar}): reads the stack config
 * once ({@link StackConfig}), turns it into the reference {@link Blueprint}, checks the handler jar
 * ({@value StackConfig#HANDLER_JAR}) and renders it with {@link #define}.
 */
public final class App {
    /** Fork-join parallelism the Pulumi runtime needs on small machines (pulumi-java #2270 hangs with 2 cores). */
    static final String PARALLELISM_PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    static final String PARALLELISM = "4";

    private App() {
    }

    public static void main(String[] args) {
        // Must run before anything touches the common pool: the pool reads the property once, when it is created.
        if (System.getProperty(PARALLELISM_PROPERTY) == null) {
            System.setProperty(PARALLELISM_PROPERTY, PARALLELISM);
        }
        Pulumi.run(App::stack);
    }

    /** Reads the stack's configuration and secrets, then defines the environment. */
    public static void stack(Context ctx) {
        switch (Platform.parse(ctx.config().get(Platform.KEY))) {
            case CLOUDFLARE -> {
                dev.switchboard.pulumi.cloudflare.CloudflareProgram.stack(ctx);
                return;
            }
            case AZURE -> {
                dev.switchboard.pulumi.azure.AzureProgram.stack(ctx);
                return;
            }
            case VERCEL -> {
                dev.switchboard.pulumi.vercel.VercelProgram.stack(ctx);
                return;
            }
            case AWS -> {
            }
        }
        Environment env = StackConfig.environment(ctx.stackName(), key -> ctx.config().get(key));
        // without the edge there is no CloudFront to send an origin header, so no origin secret is asked for
        SwitchboardSecrets secrets = new SwitchboardSecrets(ctx.config().requireSecret(StackConfig.JWT_SECRET),
                env.edge() ? ctx.config().requireSecret(StackConfig.ORIGIN_SECRET) : null)
                .staging(staged(ctx, StackConfig.JWT_SECRET_NEXT),
                        env.edge() ? staged(ctx, StackConfig.ORIGIN_SECRET_NEXT) : null);
        Path handlerJar = StackConfig.handlerJar(key -> ctx.config().get(key));
        String system = ctx.config().get(StackConfig.SYSTEM_NAME).orElse(Blueprint.DEFAULT_NAME);
        SwitchboardArgs args = SwitchboardArgs.of(Blueprint.reference(system, env), secrets)
                .withHandlerCode(new FileArchive(handlerJar.toString()))
                .withJwt(ctx.config().get(StackConfig.JWT_ISSUER).orElse(null),
                        ctx.config().get(StackConfig.JWT_AUDIENCE).orElse(null))
                .withAdoptInlineReplicas(ctx.config().getBoolean(StackConfig.ADOPT_TABLE_REPLICAS).orElse(false));
        define(ctx, args);
    }

    /** The staged secret {@code key} as a secret output, or null when it is not set (no rotation staged). */
    private static com.pulumi.core.Output<String> staged(Context ctx, String key) {
        return ctx.config().get(key).isPresent() ? ctx.config().requireSecret(key) : null;
    }

    /** Renders {@code blueprint} with the default handler jar, issuer and audience. */
    public static SwitchboardEnvironment define(Context ctx, Blueprint blueprint, SwitchboardSecrets secrets) {
        return define(ctx, SwitchboardArgs.of(blueprint, secrets));
    }

    /** Renders the arguments: no config, no environment variables, only records in and resources out. */
    public static SwitchboardEnvironment define(Context ctx, SwitchboardArgs args) {
        SwitchboardEnvironment sb = new SwitchboardEnvironment(args.blueprint().name(), args, null);
        ctx.export("websocketUrls", sb.websocketUrls());
        ctx.export("callbackUrls", sb.callbackUrls());
        ctx.export("dashboards", sb.dashboards());
        ctx.export("tableName", sb.connectionTable().tableName());
        if (sb.edgeProtection() != null) {
            ctx.export("webAclArn", sb.edgeProtection().webAclArn());
        }
        if (sb.globalDomain() != null) {
            ctx.export("customDomainUrl", com.pulumi.core.Output.of(sb.globalDomain().url()));
        }
        return sb;
    }
}
