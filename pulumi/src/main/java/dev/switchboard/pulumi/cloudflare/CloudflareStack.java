package dev.switchboard.pulumi.cloudflare;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.jsplatforms.Repo;
import dev.switchboard.jsplatforms.WorkerBundle;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.jsplatforms.WorkerdConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The blueprint on Cloudflare: the Worker script (the bundled module, its settings rendered from the blueprint, the
 * HS256 secret as a secret binding, both Durable Object classes bound and created SQLite-backed by the first
 * migration), the custom domain that serves it, the zone's rate-limiting rule (the AWS web ACL's rate rule, as close
 * as the zone's plan allows) and, when the environment has an alarm e-mail, the nearest analog of the AWS alarms the
 * provider has: an account notification policy for the zone's HTTP 5xx errors at the edge.
 */
public final class CloudflareStack {
    /** The binding that carries the settings, and the migration tag of the first deployment. */
    public static final String MIGRATION_TAG = "v1";
    public static final String ALERT_TYPE = "http_alert_edge_error";

    private final WorkersScript script;
    private final String settings;
    private final String url;

    private CloudflareStack(WorkersScript script, String settings, String url) {
        this.script = script;
        this.settings = settings;
        this.url = url;
    }

    /** Declares the stack with the blueprint's default issuer and audience. */
    public static CloudflareStack define(Context ctx, Blueprint b, CloudflareTarget t, Output<String> jwtSecret) {
        return define(ctx, b, t, jwtSecret, null, null);
    }

    /**
     * Declares the stack; {@code jwtSecret} must be a Pulumi secret (config set --secret).
     *
     * @param jwtIssuer   the {@code iss} tokens must carry (the stack's {@code jwtIssuer}, as the AWS program's
     *                    authorizer reads it); null or blank: the blueprint's {@link Blueprint#defaultJwtIssuer()}
     * @param jwtAudience the {@code aud} tokens must contain (the stack's {@code jwtAudience}); null or blank: the
     *                    blueprint's {@link Blueprint#defaultJwtAudience()}
     */
    public static CloudflareStack define(Context ctx, Blueprint b, CloudflareTarget t, Output<String> jwtSecret,
                                         String jwtIssuer, String jwtAudience) {
        String issuer = jwtIssuer == null || jwtIssuer.isBlank() ? b.defaultJwtIssuer() : jwtIssuer;
        String audience = jwtAudience == null || jwtAudience.isBlank() ? b.defaultJwtAudience() : jwtAudience;
        String settings = WorkerSettings.json(WorkerSettings.render(b, issuer, audience, null, t.shards(), false));
        String scriptName = b.name() + "-" + b.environment().name();
        CustomResourceOptions opts = CustomResourceOptions.builder().build();

        WorkersScript.Args s = new WorkersScript.Args();
        s.accountId = Output.of(t.accountId());
        s.scriptName = Output.of(scriptName);
        s.content = Output.of(WorkerBundle.of(Repo.locate().workerDir()));
        s.mainModule = Output.of(WorkerdConfig.BUNDLE);
        s.compatibilityDate = Output.of(WorkerdConfig.COMPATIBILITY_DATE);
        List<WorkersScript.Binding> bindings = new ArrayList<>();
        WorkersScript.Binding json = WorkersScript.Binding.of(WorkerdConfig.SETTINGS_BINDING, "json");
        json.json = Output.of(settings);
        bindings.add(json);
        WorkersScript.Binding secret = WorkersScript.Binding.of(WorkerdConfig.SECRET_BINDING, "secret_text");
        secret.text = jwtSecret.asSecret();
        bindings.add(secret);
        for (String[] ns : new String[][]{{WorkerdConfig.SHARD_BINDING, WorkerdConfig.SHARD_CLASS},
                {WorkerdConfig.ROOM_BINDING, WorkerdConfig.ROOM_CLASS}}) {
            WorkersScript.Binding d = WorkersScript.Binding.of(ns[0], "durable_object_namespace");
            d.className = Output.of(ns[1]);
            bindings.add(d);
        }
        s.bindings = Output.of(bindings);
        WorkersScript.Migrations m = new WorkersScript.Migrations();
        m.newTag = Output.of(MIGRATION_TAG);
        m.newSqliteClasses = Output.of(List.of(WorkerdConfig.SHARD_CLASS, WorkerdConfig.ROOM_CLASS));
        s.migrations = Output.of(m);
        s.logpush = Output.of(false);
        WorkersScript script = new WorkersScript(scriptName, s, opts);

        WorkersCustomDomain.Args d = new WorkersCustomDomain.Args();
        d.accountId = Output.of(t.accountId());
        d.zoneId = Output.of(t.zoneId());
        d.hostname = Output.of(t.hostname());
        d.service = script.scriptName();
        new WorkersCustomDomain(scriptName + "-domain", d,
                CustomResourceOptions.builder().dependsOn(script).build());

        Ruleset.Ratelimit rl = new Ruleset.Ratelimit();
        rl.characteristics = Output.of(List.of("ip.src", "cf.colo.id"));
        rl.period = Output.of(t.plan().period());
        rl.requestsPerPeriod = Output.of(t.plan().requestsPerPeriod(b.limits().wafRatePerIp()));
        rl.mitigationTimeout = Output.of(t.plan().period());
        Ruleset.Rule rule = new Ruleset.Rule();
        rule.action = Output.of("block");
        rule.expression = Output.of("(http.host eq \"" + t.hostname() + "\")");
        rule.description = Output.of("handshakes per IP, as the AWS web ACL's rate rule: "
                + b.limits().wafRatePerIp() + " per 5 minutes");
        rule.enabled = Output.of(true);
        rule.ratelimit = Output.of(rl);
        Ruleset.Args r = new Ruleset.Args();
        r.zoneId = Output.of(t.zoneId());
        r.name = Output.of(scriptName + " rate limit");
        r.description = Output.of("rendered from the blueprint (limits.wafRatePerIp) for the " + t.plan() + " plan");
        r.kind = Output.of("zone");
        r.phase = Output.of("http_ratelimit");
        r.rules = Output.of(List.of(rule));
        new Ruleset(scriptName + "-ratelimit", r, opts);

        String email = b.environment().alarmEmail();
        if (email != null) {
            NotificationPolicy.Email e = new NotificationPolicy.Email();
            e.id = Output.of(email);
            NotificationPolicy.Mechanisms mech = new NotificationPolicy.Mechanisms();
            mech.emails = Output.of(List.of(e));
            NotificationPolicy.Args n = new NotificationPolicy.Args();
            n.accountId = Output.of(t.accountId());
            n.name = Output.of(scriptName + " edge errors");
            n.description = Output.of("nearest analog of the AWS 5xx alarms: HTTP 5xx errors at the edge");
            n.alertType = Output.of(ALERT_TYPE);
            n.enabled = Output.of(true);
            n.mechanisms = Output.of(mech);
            new NotificationPolicy(scriptName + "-alerts", n, opts);
        }
        String url = "wss://" + t.hostname() + "/" + b.environment().name();
        ctx.export("websocketUrl", Output.of(url));
        ctx.export("workerScript", Output.of(scriptName));
        return new CloudflareStack(script, settings, url);
    }

    public WorkersScript script() {
        return script;
    }

    /** The settings JSON the script's SWITCHBOARD binding carries. */
    public String settings() {
        return settings;
    }

    public String url() {
        return url;
    }
}
