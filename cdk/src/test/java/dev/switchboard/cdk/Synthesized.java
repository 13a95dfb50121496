package dev.switchboard.cdk;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * One synthesized environment, shared by every test class of the JVM (synth is slow; one jsii process serves the
 * JVM). dev and prod come from the repository's cdk.json; "qa" is a test environment that turns on the optional
 * features (custom domain, access logs with the account role, alarm e-mail, a custom route, a primary region other
 * than us-east-1).
 * cdk-nag's AwsSolutions checks run during these synths.
 */
final class Synthesized {
    /** The test environment with the optional features on. */
    static final Map<String, Object> QA = Map.ofEntries(
            Map.entry("customDomain", Map.of("domainName", "ws.example.com", "hostedZoneId", "Z0123456789ABCDEFGHIJ",
                    "hostedZoneName", "example.com")),
            Map.entry("account", "444444444444"),
            Map.entry("regions", List.of("eu-west-1", "us-west-2")),
            Map.entry("primaryRegion", "eu-west-1"),
            Map.entry("alarmEmail", "ops@example.com"),
            Map.entry("accessLogs", "CREATE_ACCOUNT_ROLE"),
            Map.entry("logRetentionDays", 7),
            Map.entry("routes", List.of(Map.of("routeKey", "typing", "handler", "com.example.chat.TypingHandler",
                    "tableAccess", "READ", "managementApi", true))));

    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    final SwitchboardApp.Deployment deployment;
    final CloudAssembly assembly;
    final Map<String, Map<String, Object>> templates;
    private final Map<String, Template> assertions = new ConcurrentHashMap<>();

    private Synthesized(String env) {
        Map<String, Object> context = SwitchboardApp.loadContext(SwitchboardApp.root().resolve("cdk.json"));
        context.put("env", env);
        context.put("switchboard:nag", true);
        if (env.equals("qa")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> envs = new LinkedHashMap<>((Map<String, Object>) context.get("environments"));
            envs.put("qa", QA);
            context.put("environments", envs);
        }
        App app = App.Builder.create().context(context)
                .outdir(Path.of("target", "test-cdk-out", env).toAbsolutePath().toString()).build();
        this.deployment = SwitchboardApp.build(app, SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR));
        this.assembly = app.synth();
        this.templates = SwitchboardApp.templates(assembly);
    }

    static Synthesized of(String env) {
        return CACHE.computeIfAbsent(env, Synthesized::new);
    }

    Stack edge() {
        return deployment.edge();
    }

    Stack regional(String region) {
        Stack s = deployment.regional().get(region);
        if (s == null) {
            throw new IllegalArgumentException("no stack in " + region + ": " + deployment.regional().keySet());
        }
        return s;
    }

    Template template(Stack stack) {
        return assertions.computeIfAbsent(stack.getStackName(), n -> Template.fromJSON(templates.get(n)));
    }

    Map<String, Object> json(Stack stack) {
        return templates.get(stack.getStackName());
    }
}
