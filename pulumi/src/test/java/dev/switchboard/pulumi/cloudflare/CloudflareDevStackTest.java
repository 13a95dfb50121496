package dev.switchboard.pulumi.cloudflare;

import dev.switchboard.pulumi.PlainStrings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.GsonBuilder;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.blueprint.Route;
import dev.switchboard.jsplatforms.Repo;
import dev.switchboard.jsplatforms.WorkerBundle;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.jsplatforms.WorkerdConfig;
import dev.switchboard.pulumi.App;
import dev.switchboard.pulumi.StackRun;
import dev.switchboard.pulumi.PackageTestSupport;
import dev.switchboard.pulumi.StackConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Cloudflare stack (Pulumi.cloudflare-dev.yaml, plus {@code switchboard:alarmEmail} so that every
 * resource kind is declared, plus the secret {@code jwtSecret}) rendered once through {@link App#stack} under mocks:
 * the resource graph against snapshots/cloudflare-dev.json (sorted, no ids, secrets as {@code [secret]}, the Worker
 * bundle as its module name; {@code -Dsnapshot.update=true} regenerates it), and the guards that matter on
 * Cloudflare. The binding and migration shapes are the provider's (WorkersScriptBindingArgs,
 * WorkersScriptMigrationsArgs of pulumi-cloudflare 6.17.0) and the Workers platform's:
 * https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/ (a new SQLite-backed class
 * is created by a migration's {@code new_sqlite_classes}) and
 * https://developers.cloudflare.com/workers/runtime-apis/bindings/ (a Durable Object namespace binding names its class).
 */
@SuppressWarnings("unchecked")
class CloudflareDevStackTest {
    static final String SECRET_SIG = PlainStrings.SECRET_SIG;
    static final String SIG_KEY = PlainStrings.SIG_KEY;
    static final String SECRET = "cloudflare-dev-jwt-secret-value-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, String> config;
    static Blueprint blueprint;
    static StackRun run;

    @BeforeAll
    static void render() throws Exception {
        // GIVEN the shipped stack file, an alarm e-mail and the secret, as `pulumi config set` leaves them
        config = new HashMap<>(PlatformSelectionTest.stackFile(PlatformSelectionTest.CF_STACK));
        config.put("switchboard:alarmEmail", "ops@example.com");
        config.put(PlatformSelectionTest.JWT, SECRET);
        blueprint = Blueprint.reference(StackConfig.environment(PlatformSelectionTest.CF_STACK,
                k -> Optional.ofNullable(config.get("switchboard:" + k))));
        // WHEN the program's entry point runs
        run = StackRun.of(PlatformSelectionTest.CF_STACK, config, Set.of(PlatformSelectionTest.JWT), App::stack);
    }

    static Map<String, Object> inputs(StackRun.Declared d) {
        return (Map<String, Object>) d.inputs();
    }

    static StackRun.Declared script() {
        assertThat(run.ofType(WorkersScript.TYPE)).hasSize(1);
        return run.ofType(WorkersScript.TYPE).get(0);
    }

    static Map<String, Map<String, Object>> bindings() {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Object b : (List<Object>) inputs(script()).get("bindings")) {
            Map<String, Object> m = (Map<String, Object>) b;
            byName.put((String) m.get("name"), m);
        }
        return byName;
    }

    static JsonNode settings() throws Exception {
        return JSON.readTree((String) bindings().get(WorkerdConfig.SETTINGS_BINDING).get("json"));
    }

    /** The graph as the snapshot stores it; the bundle (checked below) as its module name, so Worker edits don't churn it. */
    static String snapshot() {
        List<Map<String, Object>> out = new ArrayList<>();
        run.declared.stream()
                .sorted((a, b) -> a.type().equals(b.type()) ? a.name().compareTo(b.name()) : a.type().compareTo(b.type()))
                .forEach(d -> {
                    Map<String, Object> in = new LinkedHashMap<>(inputs(d));
                    if (d.type().equals(WorkersScript.TYPE)) {
                        in.put("content", "[bundle " + in.get("mainModule") + "]");
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", d.type());
                    m.put("name", d.name());
                    if (!d.dependsOn().isEmpty()) {
                        m.put("dependsOn", d.dependsOn().stream().sorted().toList());
                    }
                    m.put("inputs", PackageTestSupport.normaliseForSnapshot(in));
                    out.add(m);
                });
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("resources", out);
        all.put("outputs", run.outputs);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(all) + "\n";
    }

    @Test
    void snapshot_cloudflareDev() throws Exception {
        PackageTestSupport.assertSnapshot("cloudflare-dev", snapshot());
    }

    @Test
    void graph_isTheWorkerItsDomainTheRateRuleAndTheAlertPolicy() {
        assertThat(run.declared).extracting(StackRun.Declared::type).containsExactlyInAnyOrder(WorkersScript.TYPE,
                WorkersCustomDomain.TYPE, Ruleset.TYPE, NotificationPolicy.TYPE);
        StackRun.Declared domain = run.ofType(WorkersCustomDomain.TYPE).get(0);
        assertThat(domain.dependsOn()).containsExactly(script().name());
        assertThat(inputs(domain)).containsEntry("hostname", config.get("switchboard:cloudflareHostname"))
                .containsEntry("zoneId", config.get("switchboard:cloudflareZoneId"))
                .containsEntry("service", inputs(script()).get("scriptName"));
        // the shipped bundle itself, not a stand-in, is the script's content
        assertThat(inputs(script()).get("content")).isEqualTo(WorkerBundle.of(Repo.locate().workerDir()));
    }

    @Test
    void script_hasTheDurableObjectBindings_andTheSqliteClassMigration() {
        Map<String, Map<String, Object>> b = bindings();
        assertThat(b.get(WorkerdConfig.SHARD_BINDING)).containsEntry("type", "durable_object_namespace")
                .containsEntry("className", WorkerdConfig.SHARD_CLASS);
        assertThat(b.get(WorkerdConfig.ROOM_BINDING)).containsEntry("type", "durable_object_namespace")
                .containsEntry("className", WorkerdConfig.ROOM_CLASS);
        Map<String, Object> m = (Map<String, Object>) inputs(script()).get("migrations");
        assertThat(m).containsEntry("newTag", CloudflareStack.MIGRATION_TAG);
        assertThat((List<Object>) m.get("newSqliteClasses"))
                .containsExactlyInAnyOrder(WorkerdConfig.SHARD_CLASS, WorkerdConfig.ROOM_CLASS);
        // the bound classes are the ones the bundle exports
        String content = (String) inputs(script()).get("content");
        assertThat(content).contains("export class " + WorkerdConfig.SHARD_CLASS + " ",
                "export class " + WorkerdConfig.ROOM_CLASS + " ");
    }


    @Test
    void jwtSecret_reachesItsBinding_andIsNeverPlainTextInTheGraph() {
        // THEN the secret binding carries the configured value, wrapped as a secret
        Map<String, Object> binding = bindings().get(WorkerdConfig.SECRET_BINDING);
        assertThat(binding).containsEntry("type", "secret_text");
        assertThat(binding.get("text")).as("the binding's text is a secret, not plain text").isInstanceOf(Map.class);
        Map<String, Object> text = (Map<String, Object>) binding.get("text");
        assertThat(text).containsEntry(SIG_KEY, SECRET_SIG).containsEntry("value", SECRET);
        // AND outside secrets no input, output or snapshot line holds it (nor a piece of it)
        List<String> plain = new ArrayList<>();
        run.declared.forEach(d -> PlainStrings.collect(d.inputs(), plain));
        PlainStrings.collect(run.outputs, plain);
        String piece = SECRET.substring(0, 16);
        assertThat(plain).isNotEmpty().noneMatch(s -> s.contains(piece));
        assertThat(snapshot()).doesNotContain(piece).contains("\"text\": \"[secret]\"");
    }

    static void assertLimitsAre(JsonNode limits, Limits l) throws Exception {
        List<String> names = new ArrayList<>();
        limits.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrderElementsOf(WorkerSettings.PROTOCOL_LIMITS);
        for (String n : names) {
            RecordComponent c = List.of(Limits.class.getRecordComponents()).stream()
                    .filter(r -> r.getName().equals(n)).findFirst()
                    .orElseThrow(() -> new AssertionError("settings limit " + n + " is not a blueprint limit"));
            assertThat(limits.get(n).asText()).as(n).isEqualTo(String.valueOf(c.getAccessor().invoke(l)));
        }
    }

    @Test
    void parity_theWorkersRenderedLimitsAndRoutes_areTheBlueprints() throws Exception {
        JsonNode s = settings();
        // THEN each protocol limit in the Worker's settings is the blueprint limit of that name, with its value
        assertLimitsAre(s.get("limits"), blueprint.limits());
        // AND the Worker serves exactly the blueprint's actions, in route order, on the environment's stage
        List<String> actions = new ArrayList<>();
        s.get("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).isNotEmpty().containsExactlyElementsOf(blueprint.routes().stream()
                .filter(r -> !r.predefined()).map(Route::routeKey).toList());
        assertThat(s.get("stage").asText()).isEqualTo(blueprint.environment().name()).isEqualTo("dev");
        assertThat(s.get("devTokens").asBoolean()).isFalse();
        // AND the rate rule is the blueprint's wafRatePerIp per 5 minutes scaled to the free plan's 10 s, rounded up
        Map<String, Object> rl = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) inputs(
                run.ofType(Ruleset.TYPE).get(0)).get("rules")).get(0)).get("ratelimit");
        assertThat(((Number) rl.get("period")).intValue()).isEqualTo(10);
        assertThat(((Number) rl.get("requestsPerPeriod")).intValue())
                .isEqualTo((blueprint.limits().wafRatePerIp() * 10 + 299) / 300);
    }

    @Test
    void parity_holdsForChangedLimits_notOnlyTheDefaults() throws Exception {
        // GIVEN a blueprint whose every protocol limit differs from its default
        Limits l = blueprint.limits().toBuilder().maxDataBytes(1234).messageRatePerSecond(3).messageBurst(7)
                .presenceMaxMembers(11).membersPageSize(13).maxTokenBytes(999).build();
        Blueprint b = blueprint.withLimits(l);
        CloudflareTarget t = new CloudflareTarget("0123456789abcdef0123456789abcdef",
                "fedcba9876543210fedcba9876543210", "ws.example.com", ZonePlan.PRO, 8);
        // WHEN the stack is declared
        StackRun r = StackRun.of("cf", Map.of(), Set.of(), ctx -> CloudflareStack.define(ctx, b, t,
                com.pulumi.core.Output.ofSecret(SECRET)));
        // THEN the Worker's settings carry those values
        for (Object x : (List<Object>) inputs(r.ofType(WorkersScript.TYPE).get(0)).get("bindings")) {
            Map<String, Object> m = (Map<String, Object>) x;
            if (m.get("name").equals(WorkerdConfig.SETTINGS_BINDING)) {
                JsonNode s = JSON.readTree((String) m.get("json"));
                assertLimitsAre(s.get("limits"), l);
                assertThat(s.get("shards").asInt()).isEqualTo(8);
                return;
            }
        }
        throw new AssertionError("no " + WorkerdConfig.SETTINGS_BINDING + " binding");
    }

    @Test
    void parity_theWorkersActions_areTheAwsProgramsRoutes_forTheSameEnvironment() throws Exception {
        // GIVEN the AWS dev stack (Pulumi.dev.yaml) rendered by the same entry point
        StackRun aws = PlatformSelectionTest.app("dev", Map.of(PlatformSelectionTest.JWT, SECRET,
                PlatformSelectionTest.ORIGIN, SECRET + "-origin"));
        List<String> awsActions = aws.ofType("aws:apigatewayv2/route:Route").stream()
                .map(d -> (String) inputs(d).get("routeKey")).filter(k -> !k.startsWith("$")).toList();
        // THEN the Worker serves the same actions as the API Gateway routes
        List<String> actions = new ArrayList<>();
        settings().get("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).isNotEmpty().containsExactlyInAnyOrderElementsOf(awsActions);
    }
}
