package dev.switchboard.pulumi.vercel;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import dev.switchboard.blueprint.Blueprint;

import java.util.List;
import java.util.Map;

/**
 * The blueprint on Vercel: the project (Fluid compute, the function's maximum duration, the root directory where
 * Vercel finds the function's entry, package.json and vercel.json: {@link FunctionFiles}), a production deployment of
 * the function's files with its settings ({@code SWITCHBOARD}: the blueprint rendered for the function), the JWT
 * secret and the Redis URL as sensitive project variables from Pulumi secrets, the domain when one is configured,
 * and the project firewall's rate-limit rule nearest the AWS web ACL's: the blueprint's {@code wafRatePerIp} per
 * IP over the same 5 minutes on the upgrade path (https://vercel.com/docs/vercel-firewall/vercel-waf/rate-limiting;
 * the provider's FirewallConfig example uses the same shape).
 */
public final class VercelStack {
    /** The AWS web ACL's window, over which {@code wafRatePerIp} is counted. */
    public static final int RATE_WINDOW_SECONDS = 300;
    public static final String SETTINGS = "SWITCHBOARD";
    public static final String JWT_SECRET = "JWT_SECRET";
    public static final String REDIS_URL = "REDIS_URL";
    /** Sensitive variables may target production and preview, not development (provider docs, 4.8.0 on). */
    public static final List<String> SECRET_TARGETS = List.of("production", "preview");

    private final Project project;
    private final Deployment deployment;

    private VercelStack(Project project, Deployment deployment) {
        this.project = project;
        this.deployment = deployment;
    }

    /**
     * Declares the stack.
     *
     * @param files     the function's files ({@link FunctionFiles#of})
     * @param settings  the function's settings JSON, rendered from {@code b} with {@code t.maxDuration()}
     * @param jwtSecret the HS256 secret, a Pulumi secret
     * @param redisUrl  the Redis URL (it carries a password), a Pulumi secret
     */
    public static VercelStack define(Context ctx, Blueprint b, VercelTarget t, Map<String, String> files,
                                     String settings, Output<String> jwtSecret, Output<String> redisUrl) {
        String prefix = b.names().prefix();
        CustomResourceOptions opts = CustomResourceOptions.builder().build();
        Output<String> team = t.teamId() == null ? null : Output.of(t.teamId());

        Project.ResourceConfig rc = new Project.ResourceConfig();
        rc.fluid = Output.of(true);
        rc.functionDefaultTimeout = Output.of((int) t.maxDuration().toSeconds());
        Project.Args p = new Project.Args();
        p.name = Output.of(t.project());
        p.teamId = team;
        p.resourceConfig = Output.of(rc);
        p.rootDirectory = Output.of(FunctionFiles.ROOT_DIRECTORY);
        Project project = new Project(prefix + "-project", p, opts);

        List<ProjectEnvironmentVariable> secrets = List.of(
                variable(prefix, project, team, JWT_SECRET, jwtSecret, "the HS256 secret tokens are signed with"),
                variable(prefix, project, team, REDIS_URL, redisUrl, "rooms, presence and fan-out across instances"));

        Deployment.Args d = new Deployment.Args();
        d.projectId = project.id();
        d.teamId = team;
        d.files = Output.of(files);
        d.environment = Output.of(Map.of(SETTINGS, settings));
        d.production = Output.of(true);
        Deployment deployment = new Deployment(prefix + "-deployment", d,
                CustomResourceOptions.builder().dependsOn(secrets.stream()
                        .map(v -> (com.pulumi.resources.Resource) v).toList()).build());

        if (t.domain() != null) {
            ProjectDomain.Args pd = new ProjectDomain.Args();
            pd.projectId = project.id();
            pd.teamId = team;
            pd.domain = Output.of(t.domain());
            new ProjectDomain(prefix + "-domain", pd, opts);
        }

        FirewallConfig.Condition path = new FirewallConfig.Condition();
        path.type = Output.of("path");
        path.op = Output.of("pre");
        path.value = Output.of("/" + b.environment().stageName());
        FirewallConfig.ConditionGroup group = new FirewallConfig.ConditionGroup();
        group.conditions = Output.of(List.of(path));
        FirewallConfig.RateLimit rl = new FirewallConfig.RateLimit();
        rl.algo = Output.of("fixed_window");
        rl.window = Output.of(RATE_WINDOW_SECONDS);
        rl.limit = Output.of(b.limits().wafRatePerIp());
        rl.keys = Output.of(List.of("ip"));
        rl.action = Output.of("deny");
        FirewallConfig.Action action = new FirewallConfig.Action();
        action.action = Output.of("rate_limit");
        action.rateLimit = Output.of(rl);
        FirewallConfig.Rule rule = new FirewallConfig.Rule();
        rule.name = Output.of("handshakes per IP");
        rule.description = Output.of("as the AWS web ACL's rate rule: " + b.limits().wafRatePerIp()
                + " per 5 minutes per IP (blueprint limits.wafRatePerIp)");
        rule.active = Output.of(true);
        rule.conditionGroups = Output.of(List.of(group));
        rule.action = Output.of(action);
        FirewallConfig.Rules rules = new FirewallConfig.Rules();
        rules.rules = Output.of(List.of(rule));
        FirewallConfig.Args f = new FirewallConfig.Args();
        f.projectId = project.id();
        f.teamId = team;
        f.enabled = Output.of(true);
        f.rules = Output.of(rules);
        new FirewallConfig(prefix + "-firewall", f, opts);

        String host = t.domain() != null ? t.domain() : t.project() + ".vercel.app";
        ctx.export("websocketUrl", Output.of("wss://" + host + "/" + b.environment().stageName()));
        ctx.export("vercelProject", Output.of(t.project()));
        return new VercelStack(project, deployment);
    }

    private static ProjectEnvironmentVariable variable(String prefix, Project project, Output<String> team,
                                                       String key, Output<String> value, String what) {
        ProjectEnvironmentVariable.Args v = new ProjectEnvironmentVariable.Args();
        v.projectId = project.id();
        v.teamId = team;
        v.key = Output.of(key);
        v.value = value.asSecret();
        v.sensitive = Output.of(true);
        v.targets = Output.of(SECRET_TARGETS);
        v.comment = Output.of(what);
        return new ProjectEnvironmentVariable(prefix + "-" + key.toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-'), v, CustomResourceOptions.builder().build());
    }

    public Project project() {
        return project;
    }

    public Deployment deployment() {
        return deployment;
    }
}
