package dev.switchboard.cdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.PhysicalNames;
import dev.switchboard.blueprint.Regions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import dev.switchboard.cdk.guards.DeployGuards;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;

/**
 * The CDK app: {@code npx cdk synth -c env=prod} (cdk.json's {@code app} runs {@link #main}). Reads cdk.json's
 * {@code context} itself, so that running {@code main} directly gives what the CLI gives, resolves
 * {@code environments.<env>} with {@link Environments#resolve}, builds {@link Blueprint#reference} and creates the
 * us-east-1 edge stack (unless the environment turns the edge off) plus one stack per region; then checks the output
 * with {@link DeployGuards}.
 *
 * <p>Context keys: {@code env} (required: dev, staging, prod or one of {@code environments}), {@code environments},
 * {@code systemName} (default {@value Blueprint#DEFAULT_NAME}: the prefix of every physical name and stack name),
 * {@code jwtIssuer}, {@code jwtAudience}, {@code originHeaderName}, {@code webAclArn} (skip the SSM lookup and use this
 * ARN), {@code apiIds} (region to the deployed WebSocket API id of each region: the management API grants then name
 * the other regions' APIs exactly, see docs/deploy.md), {@code switchboard:nag} (run cdk-nag AwsSolutions during
 * synth). {@code environments.<env>.originSecretVersion} pins the origin secret version the distributions send
 * ({@link Environments#originSecretVersion}).
 *
 * <p>For tests (this module's and other modules', e.g. a parity test): {@link #synth(String, Path)} synthesizes an
 * environment from the repository's cdk.json and returns each stack's template as parsed JSON;
 * {@link #build(App, Path)} adds the stacks to an App of the caller's.
 */
public final class SwitchboardApp {
    /** The context key of the system name (default {@value Blueprint#DEFAULT_NAME}), the prefix of every name. */
    public static final String SYSTEM_NAME = "systemName";
    /** The handler jar, relative to the repository root. */
    public static final String HANDLER_JAR = "lambdas/target/switchboard-lambdas.jar";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SwitchboardApp() {
    }

    public static void main(String[] args) {
        Path root = root();
        Map<String, Object> context = loadContext(root.resolve("cdk.json"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-c") || a.equals("--context")) && i + 1 < args.length) {
                a = args[++i];
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                context.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        String outdir = System.getenv("CDK_OUTDIR") != null ? System.getenv("CDK_OUTDIR")
                : root.resolve("cdk.out").toString();
        App app = App.Builder.create().context(context).outdir(outdir).build();
        try {
            Deployment d = build(app, root.resolve(HANDLER_JAR));
            String notice = placeholderNotice(context, d.blueprint().environment().name(),
                    d.blueprint().environment().account());
            if (notice != null) {
                System.err.println(notice);
            }
            CloudAssembly assembly = app.synth();
            DeployGuards.requireNone(DeployGuards.check(d.blueprint(), templates(assembly), assembly));
        } catch (BlueprintException e) {
            System.err.println("Switchboard: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The context key that lists cdk.json's placeholder accounts. */
    public static final String PLACEHOLDER_ACCOUNTS = "switchboard:placeholderAccounts";

    /**
     * The line main prints on stderr when the environment's account is one of cdk.json's placeholders
     * ({@value #PLACEHOLDER_ACCOUNTS}): synth works with it, {@code cdk bootstrap} and {@code cdk deploy} cannot, and
     * the CLI's own error (missing credentials or a foreign account) does not say why. Null for a real account.
     */
    public static String placeholderNotice(Map<String, Object> context, String envName, String account) {
        Object listed = context.get(PLACEHOLDER_ACCOUNTS);
        if (!(listed instanceof List<?> l) || account == null || !l.contains(account)) {
            return null;
        }
        return "Switchboard: account " + account + " of environment '" + envName + "' is a placeholder from cdk.json;"
                + " synth works, cdk bootstrap and cdk deploy will fail. Set your account in cdk.json"
                + " (context.environments." + envName + ".account) or pass -c 'environments={\"" + envName
                + "\":{\"account\":\"<your account id>\"}}'";
    }

    /**
     * The stacks of one environment: the edge stack (null without the edge) and one regional stack per region
     * (primary first).
     */
    public record Deployment(Blueprint blueprint, Stack edge, Map<String, Stack> regional, List<Switchboard> switchboards) {
        /** Every stack, edge first. */
        public List<Stack> stacks() {
            List<Stack> all = new ArrayList<>();
            if (edge != null) {
                all.add(edge);
            }
            all.addAll(regional.values());
            return all;
        }
    }

    /**
     * Adds the environment named by the app's {@code env} context to {@code app}.
     *
     * @param handlerJar the handler jar (lambdas/target/switchboard-lambdas.jar)
     */
    public static Deployment build(App app, Path handlerJar) {
        Object envName = app.getNode().tryGetContext("env");
        Map<String, Object> environments = contextMap(app, "environments");
        String name = envName == null ? null : envName.toString();
        Map<String, Object> envConfig = name == null ? null : mapOf(environments.get(name), "environments." + name);
        Environment environment = Environments.resolve(name, envConfig);
        String originVersion = Environments.originSecretVersion(name, envConfig);
        String account = environment.requireAccount();
        String systemName = contextString(app, SYSTEM_NAME);
        Blueprint blueprint = Blueprint.reference(systemName == null ? Blueprint.DEFAULT_NAME : systemName,
                environment);
        if (!Files.isRegularFile(handlerJar)) {
            throw new BlueprintException("handlerJar", "no handler jar at " + handlerJar,
                    "build it first: mvn -q -B -DskipNpm -pl lambdas -am package -DskipTests");
        }
        if (Boolean.parseBoolean(String.valueOf(app.getNode().tryGetContext("switchboard:nag")))) {
            Aspects.of(app).add(new AwsSolutionsChecks());
        }
        PhysicalNames names = blueprint.names();
        String header = contextString(app, "originHeaderName");
        Stack edge = environment.edge() ? new Stack(app, names.stack(PhysicalNames.EDGE), StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().account(account).region(Regions.EDGE_REGION).build())
                .description("Switchboard " + environment.name() + ": edge protection (CLOUDFRONT web ACL, WAF alarms)")
                .build()) : null;
        EdgeProtection protection = edge == null ? null : new EdgeProtection(edge, "EdgeProtection",
                new EdgeProtection.Props(blueprint));
        if (environment.customDomain() != null) {
            GlobalDomain domain = new GlobalDomain(edge, "Domain", new GlobalDomain.Props(blueprint,
                    protection.webAcl().getAttrArn(), header == null ? Switchboard.DEFAULT_ORIGIN_HEADER : header,
                    protection.originSecretReference(originVersion)));
            software.amazon.awscdk.CfnOutput.Builder.create(edge, "WebSocketUrl")
                    .value(domain.webSocketUrl(environment.customDomain()))
                    .description("The custom domain clients connect to").build();
        }

        Switchboard.Props.Builder props = Switchboard.Props.builder(blueprint, handlerJar);
        String iss = contextString(app, "jwtIssuer");
        String aud = contextString(app, "jwtAudience");
        String webAcl = contextString(app, "webAclArn");
        props.jwtIssuer(iss).jwtAudience(aud).originHeaderName(header).webAclArn(webAcl);
        Map<String, String> apiIds = new LinkedHashMap<>();
        contextMap(app, "apiIds").forEach((k, v) -> {
            if (!environment.regions().contains(k) || !String.valueOf(v).matches("[a-z0-9]{10}")) {
                throw new BlueprintException("apiIds." + k, "'" + v + "' is not the WebSocket API id of a region of "
                        + environment.name() + " " + environment.regions(), "give each region's API id (10 lower-case"
                        + " letters and digits, the stack output CallbackUrl's host prefix), e.g. -c 'apiIds={\"eu-west-1\":"
                        + "\"a1b2c3d4e5\"}'");
            }
            apiIds.put(k, String.valueOf(v));
        });
        props.peerApiIds(apiIds).webAclKey(protection == null ? null : protection.replacementKey());
        props.originSecretVersion(originVersion);

        List<String> ordered = new ArrayList<>();
        ordered.add(environment.primaryRegion());
        ordered.addAll(environment.replicaRegions());
        Map<String, Stack> regional = new LinkedHashMap<>();
        List<Switchboard> boards = new ArrayList<>();
        Stack primary = null;
        for (String region : ordered) {
            Stack s = new Stack(app, names.stack(region), StackProps.builder()
                    .env(software.amazon.awscdk.Environment.builder().account(account).region(region).build())
                    .description("Switchboard " + environment.name() + " in " + region)
                    .build());
            boards.add(new Switchboard(s, "Switchboard", props.build()));
            if (edge != null) {
                s.addStackDependency(edge, "reads the edge web ACL ARN from its SSM parameter");
            }
            if (primary == null) {
                primary = s;
            } else {
                s.addStackDependency(primary, "uses the replica of the global table and secrets the primary stack creates");
            }
            regional.put(region, s);
        }
        for (Stack s : new Deployment(blueprint, edge, regional, boards).stacks()) {
            // Dashboards stay untagged: CloudFormation's us-east-1 schema of AWS::CloudWatch::Dashboard has no Tags
            // (cfn-lint E3002 there), while other regions' have them; one shape for every region.
            TagProps noDashboards = TagProps.builder().excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard"))
                    .build();
            Tags.of(s).add("switchboard:system", blueprint.name(), noDashboards);
            Tags.of(s).add("switchboard:environment", environment.name(), noDashboards);
        }
        return new Deployment(blueprint, edge, regional, boards);
    }

    /**
     * Synthesizes environment {@code envName} with the repository's cdk.json context into {@code outdir} and returns
     * each stack's template (stack name to parsed JSON), after the {@link DeployGuards} pass.
     */
    public static Map<String, Map<String, Object>> synth(String envName, Path outdir) {
        return synth(envName, outdir, Map.of());
    }

    /** As {@link #synth(String, Path)}, with extra context laid over cdk.json's (for example {@code environments}). */
    public static Map<String, Map<String, Object>> synth(String envName, Path outdir, Map<String, Object> extra) {
        Path root = root();
        Map<String, Object> context = loadContext(root.resolve("cdk.json"));
        context.putAll(extra);
        context.put("env", envName);
        App app = App.Builder.create().context(context).outdir(outdir.toString()).build();
        Deployment d = build(app, root.resolve(HANDLER_JAR));
        CloudAssembly assembly = app.synth();
        Map<String, Map<String, Object>> templates = templates(assembly);
        DeployGuards.requireNone(DeployGuards.check(d.blueprint(), templates, assembly));
        return templates;
    }

    /** Stack name to parsed template of every stack in {@code assembly}. */
    public static Map<String, Map<String, Object>> templates(CloudAssembly assembly) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (CloudFormationStackArtifact a : assembly.getStacks()) {
            out.put(a.getStackName(), readJson(Path.of(a.getTemplateFullPath())));
        }
        return out;
    }

    /**
     * The repository root: the system property {@code switchboard.root}, else the first directory upwards from the
     * working directory that holds cdk.json.
     */
    public static Path root() {
        String p = System.getProperty("switchboard.root");
        if (p != null && !p.isBlank() && Files.isRegularFile(Path.of(p).resolve("cdk.json"))) {
            return Path.of(p).toAbsolutePath();
        }
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve("cdk.json"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new BlueprintException("cdk.json", "not found above " + Path.of("").toAbsolutePath(),
                    "run from the repository or set -Dswitchboard.root=<repository>");
        }
        return d;
    }

    /** cdk.json's {@code context} object (a mutable copy). */
    public static Map<String, Object> loadContext(Path cdkJson) {
        Map<String, Object> file = readJson(cdkJson);
        Object ctx = file.get("context");
        Map<String, Object> out = new LinkedHashMap<>();
        if (ctx instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(k.toString(), v));
        }
        return out;
    }

    static Map<String, Object> readJson(Path p) {
        try {
            return JSON.readValue(Files.readAllBytes(p), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static Map<String, Object> contextMap(App app, String key) {
        return mapOf(app.getNode().tryGetContext(key), key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object o, String field) {
        if (o == null) {
            return Map.of();
        }
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (o instanceof String s && s.trim().startsWith("{")) {
            try {
                return JSON.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (IOException e) {
                throw new BlueprintException(field, "is not valid JSON: " + e.getMessage(), "fix the JSON");
            }
        }
        throw new BlueprintException(field, "expected an object, got '" + o + "'", "write an object in cdk.json's"
                + " context");
    }

    private static String contextString(App app, String key) {
        Object o = app.getNode().tryGetContext(key);
        return o == null || o.toString().isBlank() ? null : o.toString();
    }
}
