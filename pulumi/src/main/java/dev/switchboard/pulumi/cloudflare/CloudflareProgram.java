package dev.switchboard.pulumi.cloudflare;

import com.pulumi.Context;
import com.pulumi.core.Output;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.pulumi.StackConfig;

/**
 * The Cloudflare platform of the Pulumi program: a stack whose configuration says {@code switchboard:platform:
 * cloudflare} is rendered here instead of onto AWS. Configuration (stack file beside the AWS ones):
 * <pre>
 * config:
 *   switchboard:platform: cloudflare
 *   switchboard:environment: prod
 *   switchboard:cloudflareAccountId: 0123456789abcdef0123456789abcdef
 *   switchboard:cloudflareZoneId: fedcba9876543210fedcba9876543210
 *   switchboard:cloudflareHostname: ws.example.com
 *   switchboard:cloudflarePlan: pro            # free | pro | business | enterprise: the rate rule's period
 *   switchboard:cloudflareShards: "64"         # optional
 *   switchboard:systemName: chat               # optional, as for AWS: the script is &lt;systemName&gt;-&lt;env&gt;
 *   switchboard:jwtIssuer: https://auth.example.com/   # optional, as for AWS (default: the blueprint's name)
 *   switchboard:jwtAudience: chat-prod                 # optional, as for AWS (default: &lt;name&gt;-&lt;env&gt;)
 * # secret: pulumi config set --secret jwtSecret "$(openssl rand -base64 48)"
 * </pre>
 * The provider's credentials are its own ({@code cloudflare:apiToken} as a secret, or CLOUDFLARE_API_TOKEN).
 */
public final class CloudflareProgram {
    public static final String PLATFORM = dev.switchboard.pulumi.Platform.KEY;
    public static final String ACCOUNT_ID = "cloudflareAccountId";
    public static final String ZONE_ID = "cloudflareZoneId";
    public static final String HOSTNAME = "cloudflareHostname";
    public static final String PLAN = "cloudflarePlan";
    public static final String SHARDS = "cloudflareShards";

    private CloudflareProgram() {
    }

    /** Whether the stack's configuration selects Cloudflare. */
    public static boolean selected(Context ctx) {
        return dev.switchboard.pulumi.Platform.parse(ctx.config().get(PLATFORM))
                == dev.switchboard.pulumi.Platform.CLOUDFLARE;
    }

    /** Reads the stack's configuration and declares the Cloudflare stack. */
    public static CloudflareStack stack(Context ctx) {
        var c = ctx.config();
        Environment env = StackConfig.environment(ctx.stackName(), key -> c.get(key));
        String shards = c.get(SHARDS).orElse(Integer.toString(WorkerSettings.DEFAULT_SHARDS));
        int n;
        try {
            n = Integer.parseInt(shards.trim());
        } catch (NumberFormatException e) {
            throw new dev.switchboard.blueprint.BlueprintException("cloudflare.shards", "'" + shards
                    + "' is not a number", "set switchboard:" + SHARDS + " to a whole number (default 64)");
        }
        CloudflareTarget t = new CloudflareTarget(c.require(ACCOUNT_ID), c.require(ZONE_ID), c.require(HOSTNAME),
                ZonePlan.parse("cloudflare.plan", c.get(PLAN).orElse("pro")), n);
        Output<String> secret = c.requireSecret(StackConfig.JWT_SECRET);
        String system = c.get(StackConfig.SYSTEM_NAME).orElse(Blueprint.DEFAULT_NAME);
        return CloudflareStack.define(ctx, Blueprint.reference(system, env), t, secret,
                c.get(StackConfig.JWT_ISSUER).orElse(null), c.get(StackConfig.JWT_AUDIENCE).orElse(null));
    }
}
