package dev.switchboard.pulumi;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.cdk.RouteOptions;
import dev.switchboard.cdk.SwitchboardApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.lambda.Code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDK and Pulumi render the same system: for dev, prod, an environment with the optional features (custom route,
 * access logs with the account role, another primary region, a custom domain) and one of another system without the
 * edge whose extra route's handler is in its own jar (CDK {@code Switchboard.addRoute}, Pulumi
 * {@link SwitchboardArgs#withRoute}), the facts extracted from the synthesized CDK templates
 * equal the facts extracted from the Pulumi resource graph of the same environment (cdk.json's environments). A
 * blueprint change that only one renderer picks up fails here.
 */
class ParityTest {
    static final Map<String, Blueprint> BLUEPRINTS = new HashMap<>();
    static final Map<String, List<String>> CDK = new HashMap<>();
    static final Map<String, List<String>> PULUMI = new HashMap<>();
    /** Each environment's CDK templates (stack name to template) and stack regions. */
    static final Map<String, Map<String, Map<String, Object>>> TEMPLATES = new HashMap<>();
    static final Map<String, Map<String, String>> STACK_REGIONS = new HashMap<>();
    /** An environment of the user's with the optional features on and another primary region. */
    static final Map<String, Object> QA = Map.of(
            "account", "444444444444",
            "regions", List.of("eu-west-1", "us-west-2"),
            "primaryRegion", "eu-west-1",
            "alarmEmail", "ops@example.com",
            "accessLogs", "CREATE_ACCOUNT_ROLE",
            "logRetentionDays", 7,
            "customDomain", Map.of("domainName", "ws.example.com", "hostedZoneId", "Z0123456789",
                    "hostedZoneName", "example.com"),
            "routes", List.of(Map.of("routeKey", "typing", "handler", "com.example.chat.TypingHandler",
                    "tableAccess", "READ", "managementApi", true, "twoWay", true)));
    /** An environment of system {@value #LAB_SYSTEM} without the edge, in two regions. */
    static final Map<String, Object> LAB = Map.of(
            "account", "555555555555",
            "regions", List.of("eu-west-1", "us-east-1"),
            "primaryRegion", "eu-west-1",
            "edge", false);
    static final String LAB_SYSTEM = "games";
    /** The lab's extra route, from a jar of its own. */
    static final String MOVE_HANDLER = "com.example.games.MoveHandler";

    @BeforeAll
    static void render() {
        for (String env : List.of("dev", "prod", "qa", "lab")) {
            // GIVEN the environment as cdk.json defines it (qa, lab: added to cdk.json's environments)
            Map<String, Object> context = SwitchboardApp.loadContext(SwitchboardApp.root().resolve("cdk.json"));
            context.put("env", env);
            boolean lab = env.equals("lab");
            if (env.equals("qa") || lab) {
                Map<String, Object> envs = new HashMap<>(ProgramRun.at(context, "environments"));
                envs.put(env, lab ? LAB : QA);
                context.put("environments", envs);
            }
            String system = lab ? LAB_SYSTEM : Blueprint.DEFAULT_NAME;
            if (lab) {
                context.put(SwitchboardApp.SYSTEM_NAME, system);
            }
            Map<String, Object> envConfig = ProgramRun.at(context, "environments", env);
            Blueprint blueprint = Blueprint.reference(system, Environments.resolve(env, envConfig));
            BLUEPRINTS.put(env, blueprint);
            // WHEN CDK synthesizes it and Pulumi defines it (lab: each adds the route from its own jar)
            Path moveJar = ProgramRun.jar("games-handlers.jar");
            CDK.put(env, cdkFacts(context, env, d -> {
                if (lab) {
                    d.switchboards().forEach(sb -> sb.addRoute("move", RouteOptions.builder()
                            .handler(Code.fromAsset(moveJar.toString()), MOVE_HANDLER).twoWay(true)
                            .tableAccess(TableAccess.READ_WRITE).managementApi(true).build()));
                }
            }));
            PULUMI.put(env, SystemFacts.fromPulumi(!lab ? ProgramRun.of(blueprint)
                    : ProgramRun.run((ctx, secrets) -> App.define(ctx, SwitchboardArgs.of(blueprint,
                            new SwitchboardSecrets(secrets.jwtSecret(), null)).withRoute(ExtraRoute.of("move",
                            MOVE_HANDLER, new FileArchive(moveJar.toString())).twoWay()
                            .withTableAccess(TableAccess.READ_WRITE).withManagementApi())))));
        }
    }

    static List<String> cdkFacts(Map<String, Object> context, String env,
                                 Consumer<SwitchboardApp.Deployment> addRoutes) {
        software.amazon.awscdk.App app = software.amazon.awscdk.App.Builder.create().context(context)
                .outdir(Path.of("target", "parity-cdk-out", env).toAbsolutePath().toString()).build();
        SwitchboardApp.Deployment d = SwitchboardApp.build(app, SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR));
        addRoutes.accept(d);
        CloudAssembly assembly = app.synth();
        Map<String, String> regions = new HashMap<>();
        for (Stack s : d.stacks()) {
            regions.put(s.getStackName(), s.getRegion());
        }
        TEMPLATES.put(env, SwitchboardApp.templates(assembly));
        STACK_REGIONS.put(env, regions);
        return SystemFacts.fromCloudFormation(SwitchboardApp.templates(assembly), regions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "qa", "lab"})
    void pulumiAndCdkRenderTheSameSystem(String env) {
        // THEN every fact matches (the failure lists the facts only one side has)
        assertThat(PULUMI.get(env)).as("Pulumi facts vs CDK facts for " + env)
                .containsExactlyElementsOf(CDK.get(env));
    }

    @Test
    void theFactsCoverEveryComparedKind() {
        // guards against an extractor that silently finds nothing
        List<String> prod = CDK.get("prod");
        for (String marker : List.of("region ", " route $connect authorized=true", " function ", " stage prod throttling",
                "table switchboard-prod-connections keys", "table switchboard-prod-connections index byUser",
                "table switchboard-prod-connections replicas = [ap-northeast-1, eu-west-1]", "waf us-east-1 CLOUDFRONT",
                " alarm AWS/Lambda Duration p99", " alarm AWS/DynamoDB ThrottledRequests", " alarm AWS/WAFV2 ",
                " alarm AWS/ApiGateway ", "query-string-size action=[block] size [querystring] GT 3596",
                "NoUserAgent_HEADER=[count]", " ipv6=true http=http2and3",
                "table switchboard-prod-connections replica eu-west-1 deletion protection = true pitr = true",
                "secret switchboard/prod/origin-header-value readable in ap-northeast-1", "query-string-patterns action=[block] labels [LABEL:awswaf:managed",
                " alarm AWS/ApiGateway ", " queue switchboard-prod-fanout sse=true visibility=120",
                " maxReceiveCount=5", " event source mapping batch=1 maxConcurrency=10 responseTypes=[ReportBatchItemFailures]",
                " alarm AWS/SQS ApproximateNumberOfMessagesVisible Maximum >= 1", " logFormat=JSON",
                "us-east-1 alarm AWS/WAFV2 BlockedRequests Sum >= 1000 ok=true",
                "us-east-1 alarm name switchboard-prod-edge-waf-blocked-requests",
                " alarm AWS/SQS ApproximateNumberOfMessagesVisible Maximum >= 1 ok=true")) {
            assertThat(prod).as(marker).anyMatch(l -> l.contains(marker));
        }
        assertThat(prod.stream().filter(l -> l.startsWith("region "))).hasSize(3);
        assertThat(CDK.get("qa")).contains("eu-west-1 route typing authorized=false twoWay=true",
                "us-west-2 stage qa throttling rate=500 burst=1000 accessLogs=true",
                "table switchboard-qa-connections region = eu-west-1",
                "us-west-2 api domain origin.ws.example.com REGIONAL TLS_1_2",
                "us-east-1 record ws.example.com AAAA healthCheck=false evaluateTargetHealth=false",
                "eu-west-1 record origin.ws.example.com A latency=eu-west-1 healthCheck=true evaluateTargetHealth=false")
                .anyMatch(l -> l.startsWith("us-west-2 function com.example.chat.TypingHandler "));
        // the lab: another system's names, no edge (no distribution, no web ACL, no origin header), the extra route
        assertThat(CDK.get("lab")).contains("eu-west-1 authorizer jwt identity = null",
                        "us-east-1 function name games-lab-move", "us-east-1 route move authorized=false twoWay=true",
                        "table games-lab-connections region = eu-west-1", "us-east-1 alarm name games-lab-us-east-1-fn-move-errors")
                .anyMatch(l -> l.startsWith("us-east-1 function " + MOVE_HANDLER + " "))
                .noneMatch(l -> l.contains("distribution") || l.startsWith("waf ") || l.contains("switchboard-"));
        // the token is no identity source (either transport, docs/protocol.md); with the edge, the origin header is
        assertThat(CDK.get("prod")).contains("us-east-1 authorizer jwt identity = [route.request.header.x-switchboard-origin]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFourRound3Drifts_failParity() {
        // GIVEN qa's CDK templates with the four drifts of round 3 put back: Text logs, no OK actions, the WAF alarm
        // named after us-east-1, latency records that evaluate target health
        Map<String, Map<String, Object>> templates = new HashMap<>();
        TEMPLATES.get("qa").forEach((stack, t) -> templates.put(stack, new com.google.gson.Gson().fromJson(
                new com.google.gson.Gson().toJson(t), Map.class)));
        templates.values().forEach(t -> ((Map<String, Map<String, Object>>) t.get("Resources")).values().forEach(r -> {
            Map<String, Object> p = (Map<String, Object>) r.get("Properties");
            switch (String.valueOf(r.get("Type"))) {
                case "AWS::Lambda::Function" -> ((Map<String, Object>) p.getOrDefault("LoggingConfig", new HashMap<>()))
                        .remove("LogFormat");
                case "AWS::CloudWatch::Alarm" -> {
                    p.remove("OKActions");
                    p.put("AlarmName", String.valueOf(p.get("AlarmName")).replace("-edge-waf-", "-us-east-1-waf-"));
                }
                case "AWS::Route53::RecordSet" -> {
                    if (p.containsKey("Region")) {
                        ((Map<String, Object>) p.get("AliasTarget")).put("EvaluateTargetHealth", true);
                    }
                }
                default -> {
                }
            }
        }));
        List<String> drifted = SystemFacts.fromCloudFormation(templates, STACK_REGIONS.get("qa"));
        // THEN every fact that carries one of them differs from Pulumi's
        List<String> onlyCdk = new ArrayList<>(drifted);
        onlyCdk.removeAll(PULUMI.get("qa"));
        assertThat(onlyCdk).anyMatch(l -> l.contains(" function ") && l.endsWith(" logFormat=Text"))
                .anyMatch(l -> l.contains(" alarm ") && l.matches(".* ok=false( x[0-9]+)?"))
                .anyMatch(l -> l.equals("us-east-1 alarm name switchboard-qa-us-east-1-waf-blocked-requests"))
                .anyMatch(l -> l.contains("record origin.ws.example.com A") && l.endsWith("evaluateTargetHealth=true"))
                .allMatch(l -> l.contains(" logFormat=Text") || l.matches(".* ok=false( x[0-9]+)?")
                        || l.contains("evaluateTargetHealth=true") || l.contains("-us-east-1-waf-"));
    }

    @Test
    void aBlueprintChangeOnlyPulumiSees_failsParity() {
        // GIVEN dev with stage throttling that only the Pulumi side receives
        Blueprint dev = BLUEPRINTS.get("dev");
        Blueprint changed = dev.withLimits(dev.limits().withStageThrottling(dev.limits().stageRateLimit() / 2,
                dev.limits().stageBurstLimit() / 2));
        List<String> pulumi = SystemFacts.fromPulumi(ProgramRun.of(changed));
        // THEN exactly the stage fact differs
        List<String> onlyPulumi = new ArrayList<>(pulumi);
        onlyPulumi.removeAll(CDK.get("dev"));
        List<String> onlyCdk = new ArrayList<>(CDK.get("dev"));
        onlyCdk.removeAll(pulumi);
        assertThat(onlyPulumi).containsExactly("us-east-1 stage dev throttling rate=250 burst=500 accessLogs=false");
        assertThat(onlyCdk).containsExactly("us-east-1 stage dev throttling rate=500 burst=1000 accessLogs=false");
    }
}
