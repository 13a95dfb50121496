package dev.switchboard.pulumi.vercel;

import com.pulumi.Context;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.jsplatforms.Repo;
import dev.switchboard.jsplatforms.VercelSettings;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.pulumi.StackConfig;

import java.time.Duration;

/**
 * The Vercel platform of the Pulumi program: a stack whose configuration says {@code switchboard:platform: vercel}
 * is rendered here. Configuration (stack file beside the AWS ones):
 * <pre>
 * config:
 *   switchboard:platform: vercel
 *   switchboard:environment: dev
 *   switchboard:vercelProject: chat-dev        # optional: default &lt;systemName&gt;-&lt;env&gt;
 *   switchboard:vercelTeamId: team_...         # optional: the team that owns the project
 *   switchboard:vercelDomain: ws.example.com   # optional: served by the project besides &lt;project&gt;.vercel.app
 *   switchboard:vercelMaxDuration: "300"       # optional: seconds (default 300)
 *   switchboard:systemName / jwtIssuer / jwtAudience   # optional, as for AWS
 * # secrets: pulumi config set --secret jwtSecret "$(openssl rand -base64 48)"
 * #          pulumi config set --secret vercelRedisUrl "rediss://default:...@....:6379"
 * </pre>
 * The provider's credentials are its own ({@code vercel:apiToken} as a secret, or VERCEL_API_TOKEN).
 */
public final class VercelProgram {
    public static final String PROJECT = "vercelProject";
    public static final String TEAM_ID = "vercelTeamId";
    public static final String DOMAIN = "vercelDomain";
    public static final String MAX_DURATION = "vercelMaxDuration";
    public static final String REDIS_URL = "vercelRedisUrl";

    private VercelProgram() {
    }

    /** Reads the stack's configuration and declares the Vercel stack. */
    public static VercelStack stack(Context ctx) {
        var c = ctx.config();
        Environment env = StackConfig.environment(ctx.stackName(), key -> c.get(key));
        Blueprint b = Blueprint.reference(c.get(StackConfig.SYSTEM_NAME).orElse(Blueprint.DEFAULT_NAME), env);
        String seconds = c.get(MAX_DURATION).orElse(Long.toString(VercelSettings.DEFAULT_MAX_DURATION.toSeconds()));
        Duration maxDuration;
        try {
            maxDuration = Duration.ofSeconds(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            throw new BlueprintException("vercel.maxDuration", "'" + seconds + "' is not a number of seconds",
                    "set switchboard:" + MAX_DURATION + " to whole seconds (default 300)");
        }
        VercelTarget t = new VercelTarget(c.get(PROJECT).orElse(b.names().prefix()), c.get(TEAM_ID).orElse(null),
                c.get(DOMAIN).orElse(null), maxDuration);
        String issuer = c.get(StackConfig.JWT_ISSUER).filter(s -> !s.isBlank()).orElse(b.defaultJwtIssuer());
        String audience = c.get(StackConfig.JWT_AUDIENCE).filter(s -> !s.isBlank()).orElse(b.defaultJwtAudience());
        // one duration for both: the platform's cut-off (the project's function timeout) and the server's own close
        String settings = WorkerSettings.json(VercelSettings.render(b, issuer, audience, null, t.maxDuration(),
                VercelSettings.CLOSE_MARGIN, VercelSettings.HEARTBEAT, false));
        return VercelStack.define(ctx, b, t, FunctionFiles.of(Repo.locate().root()), settings,
                c.requireSecret(StackConfig.JWT_SECRET), c.requireSecret(REDIS_URL));
    }
}
