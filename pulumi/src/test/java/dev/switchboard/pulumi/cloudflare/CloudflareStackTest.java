package dev.switchboard.pulumi.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.Log;
import com.pulumi.core.Output;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.serialization.internal.Serializer;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.pulumi.ProviderExtract;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Cloudflare stack under Pulumi mocks. Mocks accept any type token, so every token and input name the thin
 * resource classes declare is checked against a committed extract of the pinned provider version
 * (src/test/resources/.../provider-6.17.0-extract.json, taken from pulumi-cloudflare's generated Java SDK at tag
 * v6.17.0, which carries the schema's tokens and input names).
 */
class CloudflareStackTest {
    static final String SECRET = "cloudflare-test-jwt-secret-0123456789abcdef";
    static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    static final String ZONE = "fedcba9876543210fedcba9876543210";
    static final ObjectMapper JSON = new ObjectMapper();

    record Declared(String type, String name, JsonNode inputs, String version) {
    }

    static final String EXTRACT = "provider-6.17.0-extract.json";
    /** Every thin resource class of this package. */
    static final List<Class<?>> CLASSES = List.of(WorkersScript.class,
            WorkersRoute.class, WorkersCustomDomain.class, Ruleset.class, NotificationPolicy.class);

    static Blueprint blueprint(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.put("account", "111111111111");
        return Blueprint.reference(Environments.resolve("prod", c));
    }

    static CloudflareTarget target(ZonePlan plan) {
        return new CloudflareTarget(ACCOUNT, ZONE, "ws.example.com", plan, 64);
    }

    /** Runs the stack under mocks; each resource as declared, inputs serialized as the engine gets them. */
    static List<Declared> run(Blueprint b, CloudflareTarget t) {
        List<Object[]> captures = new CopyOnWriteArrayList<>();
        ResourceTransformation capture = a -> {
            if (a.resource().pulumiResourceType().startsWith("pulumi:")) {
                return Optional.empty(); // the stack itself
            }
            captures.add(new Object[]{a.resource().pulumiResourceType(), a.resource().pulumiResourceName(), a.args(),
                    a.options().getVersion().orElse(null)});
            return Optional.empty();
        };
        Mocks mocks = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"),
                        new HashMap<>(args.inputs)));
            }
        };
        try {
            PulumiTestInternal.builder().mocks(mocks)
                    .options(TestOptions.builder().projectName("switchboard").stackName("cf")
                            .resourceTransformations(List.of(capture)).build())
                    .build()
                    .runTest(ctx -> CloudflareStack.define(ctx, b, t, Output.ofSecret(SECRET)))
                    .throwOnError();
            List<Declared> out = new ArrayList<>();
            for (Object[] c : captures) {
                Object serialized = new Serializer(Log.ignore()).serializeAsync("", c[2], true).join();
                out.add(new Declared((String) c[0], (String) c[1], JSON.valueToTree(serialized), (String) c[3]));
            }
            return out;
        } finally {
            PulumiTest.cleanup();
        }
    }

    static Declared one(List<Declared> all, String type) {
        List<Declared> of = all.stream().filter(d -> d.type().equals(type)).toList();
        assertThat(of).as(type).hasSize(1);
        return of.get(0);
    }

    @Test
    void everyTokenAndInputName_isThePinnedProvidersExactly() throws Exception {
        // GIVEN the extract of pulumi-cloudflare 6.17.0
        ProviderExtract ex = ProviderExtract.load(CloudflareStackTest.class, EXTRACT);

        // WHEN the stack is declared (alarm e-mail set, so every resource class is used)
        List<Declared> all = run(blueprint(Map.of("alarmEmail", "ops@example.com")), target(ZonePlan.PRO));

        // THEN every type token is the provider's, every input set is one of its inputs, required ones are set
        assertThat(all).extracting(Declared::type).containsExactlyInAnyOrder(WorkersScript.TYPE,
                WorkersCustomDomain.TYPE, Ruleset.TYPE, NotificationPolicy.TYPE);
        for (Declared d : all) {
            assertThat(ex.problemsOfDeclared(d.type(), JSON.convertValue(d.inputs(), Map.class))).isEmpty();
        }
        // AND every class's token, and every input name the thin classes declare, nested types included, is there
        assertThat(ex.problems(Provider.PINNED, CLASSES)).isEmpty();
    }

    @Test
    void script_bindsBothDurableObjectClasses_andCreatesThemSqliteBacked() {
        Declared s = one(run(blueprint(Map.of()), target(ZonePlan.PRO)), WorkersScript.TYPE);
        Map<String, JsonNode> byName = new HashMap<>();
        s.inputs().get("bindings").forEach(b -> byName.put(b.get("name").asText(), b));
        assertThat(byName.get("SHARD").get("type").asText()).isEqualTo("durable_object_namespace");
        assertThat(byName.get("SHARD").get("className").asText()).isEqualTo("Shard");
        assertThat(byName.get("ROOM").get("className").asText()).isEqualTo("Room");
        assertThat(s.inputs().at("/migrations/newSqliteClasses").toString()).isEqualTo("[\"Shard\",\"Room\"]");
        assertThat(s.inputs().at("/migrations/newTag").asText()).isEqualTo(CloudflareStack.MIGRATION_TAG);
        assertThat(s.inputs().get("mainModule").asText()).isEqualTo("switchboard-worker.mjs");
        assertThat(s.inputs().get("content").asText()).contains("export class Shard ", "export class Room ");
    }

    @Test
    void jwtSecret_isOnlyEverASecret() {
        List<Declared> all = run(blueprint(Map.of()), target(ZonePlan.PRO));
        Declared s = one(all, WorkersScript.TYPE);
        JsonNode secret = null;
        for (JsonNode b : s.inputs().get("bindings")) {
            if (b.get("name").asText().equals("JWT_SECRET")) {
                secret = b;
            }
        }
        assertThat(secret).isNotNull();
        assertThat(secret.get("type").asText()).isEqualTo("secret_text");
        // the serializer wraps a secret as {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",..}
        assertThat(secret.get("text").has("4dabf18193072939515e22adb298388d")).isTrue();
        String plain = all.toString().replace(secret.get("text").toString(), "");
        assertThat(plain).doesNotContain(SECRET);
    }

    @Test
    void renderedSettings_equalTheBlueprintsLimitsAndRoutes() throws Exception {
        Blueprint b = blueprint(Map.of());
        Declared s = one(run(b, target(ZonePlan.PRO)), WorkersScript.TYPE);
        JsonNode settings = null;
        for (JsonNode x : s.inputs().get("bindings")) {
            if (x.get("name").asText().equals("SWITCHBOARD")) {
                settings = JSON.readTree(x.get("json").asText());
            }
        }
        assertThat(settings).isNotNull();
        assertThat(settings).isEqualTo(WorkerSettings.render(b, b.defaultJwtIssuer(), b.defaultJwtAudience(), null, 64,
                false));
        assertThat(settings.at("/limits/maxDataBytes").asInt()).isEqualTo(b.limits().maxDataBytes());
        assertThat(settings.at("/limits/messageBurst").asInt()).isEqualTo(b.limits().messageBurst());
        assertThat(settings.get("devTokens").asBoolean()).isFalse();
        List<String> actions = new ArrayList<>();
        settings.get("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).containsExactlyElementsOf(b.routes().stream().filter(r -> !r.predefined())
                .map(r -> r.routeKey()).toList());
    }

    @Test
    void rateRule_followsThePlansPeriod_withTheWebAclsRateScaled() {
        Blueprint b = blueprint(Map.of());
        int perFiveMinutes = b.limits().wafRatePerIp();
        for (ZonePlan p : ZonePlan.values()) {
            Declared r = one(run(b, target(p)), Ruleset.TYPE);
            JsonNode rl = r.inputs().at("/rules/0/ratelimit");
            assertThat(rl.get("period").asInt()).isEqualTo(p.period());
            assertThat(rl.get("requestsPerPeriod").asInt())
                    .isEqualTo((int) Math.ceil(perFiveMinutes * p.period() / 300.0));
            assertThat(r.inputs().get("phase").asText()).isEqualTo("http_ratelimit");
        }
        assertThat(ZonePlan.ENTERPRISE.requestsPerPeriod(perFiveMinutes)).isEqualTo(perFiveMinutes);
    }

    @Test
    void customRoute_isRefusedForCloudflare() {
        Blueprint b = blueprint(Map.of()).withCustomRoute(new CustomRoute("typing", "com.example.TypingHandler",
                true, TableAccess.NONE, false));
        assertThatThrownBy(() -> run(b, target(ZonePlan.PRO))).hasStackTraceContaining(
                "routes.typing: a custom route (handler com.example.TypingHandler)");
    }

    @Test
    void target_whenIdsAreNotHex_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new CloudflareTarget("acct", ZONE, "ws.example.com", ZonePlan.PRO, 64))
                .isInstanceOf(BlueprintException.class).hasMessageStartingWith("cloudflare.accountId:");
        assertThatThrownBy(() -> ZonePlan.parse("cloudflare.plan", "gold"))
                .hasMessageStartingWith("cloudflare.plan: 'gold' is not a Cloudflare plan");
    }

    @Test
    void program_readsTheStacksConfiguration_andTheSecretAsASecret() {
        Map<String, String> config = Map.of("switchboard:platform", "cloudflare", "switchboard:environment", "prod",
                "switchboard:account", "111111111111",
                "switchboard:cloudflareAccountId", ACCOUNT, "switchboard:cloudflareZoneId", ZONE,
                "switchboard:cloudflareHostname", "chat.example.org", "switchboard:cloudflarePlan", "business",
                "switchboard:jwtSecret", SECRET);
        Object[] stack = new Object[2];
        try {
            PulumiTestInternal.builder().mocks(new Mocks() {
                        @Override
                        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                            return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"),
                                    new HashMap<>(args.inputs)));
                        }
                    })
                    .options(TestOptions.builder().projectName("switchboard").stackName("prod").build())
                    .config(config, java.util.Set.of("switchboard:jwtSecret"))
                    .build()
                    .runTest(ctx -> {
                        stack[0] = CloudflareProgram.selected(ctx);
                        stack[1] = CloudflareProgram.stack(ctx);
                    })
                    .throwOnError();
        } finally {
            PulumiTest.cleanup();
        }
        assertThat(stack[0]).isEqualTo(true);
        assertThat(((CloudflareStack) stack[1]).url()).isEqualTo("wss://chat.example.org/prod");
    }

    @Test
    void everyCloudflareResource_namesThePinnedProviderVersion() throws Exception {
        // GIVEN the stack with every optional resource (the notification policy needs an alarm e-mail)
        List<Declared> all = run(blueprint(Map.of("alarmEmail", "ops@example.com")), target(ZonePlan.PRO));
        // THEN each registers with the version the extract was taken from: the engine installs that plugin when it
        // meets the first one (pulumi/pulumi#10530), since the program's jar no longer declares it
        assertThat(all).extracting(Declared::type).contains(WorkersScript.TYPE, NotificationPolicy.TYPE);
        assertThat(all).allSatisfy(d -> assertThat(d.version()).as(d.name()).isEqualTo(Provider.VERSION)
                .isEqualTo(ProviderExtract.load(CloudflareStackTest.class, EXTRACT).version()));
    }

    @Test
    void programClassPath_declaresTheAwsPluginOnly() throws Exception {
        // GIVEN the program's class path (what the shaded jar holds: main classes and runtime dependencies)
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes")).collect(Collectors.joining(File.pathSeparator));
        // WHEN the Java language host asks it for its plugins, as it does for a jar program before `pulumi up`
        // (pulumi-java pkg/internal/executors/executor_jar.go: java -cp <jar> com.pulumi.bootstrap.internal.Main packages)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classPath, "com.pulumi.bootstrap.internal.Main", "packages")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        // THEN it names aws and no pinned provider: an AWS-only stack never fetches the Cloudflare, Azure or Vercel plugin
        List<String> names = new ArrayList<>();
        JSON.readTree(out).forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).contains("aws").doesNotContain(Provider.PACKAGE, "azure-native", "vercel");
    }
}
