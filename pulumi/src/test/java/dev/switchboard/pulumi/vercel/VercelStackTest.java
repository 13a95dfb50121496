package dev.switchboard.pulumi.vercel;

import dev.switchboard.pulumi.PlainStrings;
import com.pulumi.core.Output;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.jsplatforms.VercelSettings;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.pulumi.App;
import dev.switchboard.pulumi.PackageTestSupport;
import dev.switchboard.pulumi.StackConfig;
import dev.switchboard.pulumi.ProviderExtract;
import dev.switchboard.pulumi.StackRun;
import dev.switchboard.pulumi.StackRun.Declared;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped Vercel stack (Pulumi.vercel-dev.yaml, plus a team, a domain and the secrets {@code jwtSecret} and
 * {@code vercelRedisUrl}) rendered once through {@link App#stack} under mocks (each resource answers with its
 * inputs): the graph against snapshots/vercel-dev.json ({@code -Dsnapshot.update=true} regenerates it), the pinned
 * schema extract of {@code @pulumiverse/vercel} 5.4.1, and the guards that matter on Vercel.
 */
@SuppressWarnings("unchecked")
class VercelStackTest {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));
    static final String EXTRACT = "provider-5.4.1-extract.json";
    static final String SECRET = "vercel-dev-jwt-secret-value-0123456789";
    static final String REDIS = "rediss://default:redis-password-0123456789@redis.example.com:6379";
    static final String SETTINGS = "{\"stage\":\"dev\",\"vercel\":{\"maxDurationSeconds\":300}}";
    static final String SECRET_SIG = PlainStrings.SECRET_SIG;
    static final String SIG_KEY = PlainStrings.SIG_KEY;
    static final List<Class<?>> CLASSES = List.of(Project.class, Deployment.class, ProjectEnvironmentVariable.class,
            ProjectDomain.class, FirewallConfig.class);

    static final String STACK = "vercel-dev";
    static final String JWT = "switchboard:" + StackConfig.JWT_SECRET;
    static final String REDIS_KEY = "switchboard:" + VercelProgram.REDIS_URL;

    static Blueprint blueprint;
    static StackRun run;

    /** The stack declared directly, with the Redis URL as a plain output: the stack itself must make it secret. */
    static StackRun render(Blueprint b, VercelTarget t) {
        return StackRun.of(STACK, Map.of(), Set.of(), ctx -> VercelStack.define(ctx, b, t,
                FunctionFiles.of(ROOT), SETTINGS, Output.ofSecret(SECRET), Output.of(REDIS)));
    }

    @BeforeAll
    static void render() throws Exception {
        // GIVEN the shipped stack file plus a team, a domain and the two secrets, as a user's stack holds them
        Map<String, String> config = new HashMap<>();
        Map<String, Object> file = new ObjectMapper(new YAMLFactory())
                .readValue(ROOT.resolve("Pulumi." + STACK + ".yaml").toFile(), Map.class);
        ((Map<String, Object>) file.get("config")).forEach((k, v) -> config.put(k, v.toString()));
        assertThat(config.keySet()).as("no secret in the stack file").doesNotContain(JWT, REDIS_KEY,
                "vercel:apiToken");
        config.put("switchboard:" + VercelProgram.TEAM_ID, "team_0123");
        config.put("switchboard:" + VercelProgram.DOMAIN, "ws.example.com");
        config.put(JWT, SECRET);
        config.put(REDIS_KEY, REDIS);
        blueprint = Blueprint.reference(StackConfig.environment(STACK, k -> Optional.ofNullable(config.get(
                "switchboard:" + k))));
        // WHEN the program's entry point runs
        run = StackRun.of(STACK, config, Set.of(JWT, REDIS_KEY), App::stack);
    }

    static Map<String, Object> inputs(Declared d) {
        return (Map<String, Object>) d.inputs();
    }

    static Declared one(String type) {
        assertThat(run.ofType(type)).as(type).hasSize(1);
        return run.ofType(type).get(0);
    }

    static Object at(Object v, String... path) {
        for (String p : path) {
            v = p.matches("\\d+") ? ((List<Object>) v).get(Integer.parseInt(p)) : ((Map<String, Object>) v).get(p);
        }
        return v;
    }

    /** The graph as the snapshot stores it: each file by its path only, so an edit of the function doesn't churn it. */
    static String snapshot() {
        return run.snapshot((d, in) -> {
            if (d.type().equals(Deployment.TYPE)) {
                Map<String, Object> files = new java.util.TreeMap<>((Map<String, Object>) in.get("files"));
                files.replaceAll((k, v) -> "[size~sha1]");
                in.put("files", files);
            }
        });
    }

    @Test
    void snapshot_vercelDev() throws Exception {
        PackageTestSupport.assertSnapshot("vercel-dev", snapshot());
    }

    @Test
    void everyTokenAndInput_isThePinnedProvidersExactly_withItsPluginLocation() {
        ProviderExtract ex = ProviderExtract.load(VercelStackTest.class, EXTRACT);
        assertThat(ex.problems(Provider.PINNED, CLASSES)).isEmpty();
        assertThat(run.declared).extracting(Declared::type).containsExactlyInAnyOrder(Project.TYPE, Deployment.TYPE,
                ProjectEnvironmentVariable.TYPE, ProjectEnvironmentVariable.TYPE, ProjectDomain.TYPE,
                FirewallConfig.TYPE);
        assertThat(run.declared).allSatisfy(d -> {
            assertThat(ex.problemsOfDeclared(d.type(), inputs(d))).isEmpty();
            assertThat(d.version()).isEqualTo(Provider.VERSION).isEqualTo(ex.version());
        });
        // the engine downloads this community plugin from where its package says, not from Pulumi's own location
        assertThat(Provider.PINNED.options(null).getPluginDownloadURL()).contains(Provider.PLUGIN_DOWNLOAD_URL);
    }

    @Test
    void deployment_carriesTheEntryItsModulesAndTheWorkerModulesTheyImport_withPackageAndVercelJson_eachHashed()
            throws Exception {
        Map<String, Object> files = (Map<String, Object>) inputs(one(Deployment.TYPE)).get("files");
        // THEN the entry Vercel routes to, its package.json and vercel.json, every module it reaches and the shared
        // Worker modules are there, nothing local-only
        assertThat(files).containsKeys(FunctionFiles.ENTRY, FunctionFiles.PACKAGE, FunctionFiles.CONFIG,
                "vercel/src/function/server.mjs", "vercel/src/function/shared.mjs",
                "vercel/src/function/environment.mjs", "cloudflare/src/worker/jwt.mjs",
                "cloudflare/src/worker/protocol.mjs", "cloudflare/src/worker/config.mjs");
        assertThat(files.keySet()).allMatch(k -> k.startsWith("vercel/src/function/")
                || k.startsWith("cloudflare/src/worker/") || k.startsWith(FunctionFiles.ROOT_DIRECTORY + "/api/")
                || k.equals(FunctionFiles.PACKAGE) || k.equals(FunctionFiles.CONFIG))
                .noneMatch(k -> k.contains("/local/") || k.contains("/test/"));
        // AND each value is <size>~<sha1> of the file on disk, as the provider's file data sources give it
        for (var e : files.entrySet()) {
            byte[] b = Files.readAllBytes(ROOT.resolve(e.getKey()));
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(b.length + "~"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b)));
        }
        // AND the production deployment waits for the secrets it reads
        assertThat(inputs(one(Deployment.TYPE))).containsEntry("production", true);
        assertThat(one(Deployment.TYPE).dependsOn()).hasSize(2);
    }

    @Test
    void settings_areTheBlueprintRenderedForTheFunction_withTheProjectsOwnMaximumDuration() throws Exception {
        String json = (String) ((Map<String, Object>) inputs(one(Deployment.TYPE)).get("environment"))
                .get(VercelStack.SETTINGS);
        // THEN SWITCHBOARD is what VercelSettings renders from this stack's blueprint (limits, routes, token rules)
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(json)).isEqualTo(m.readTree(WorkerSettings.json(VercelSettings.render(blueprint,
                blueprint.defaultJwtIssuer(), blueprint.defaultJwtAudience(), null, Duration.ofSeconds(300),
                VercelSettings.CLOSE_MARGIN, VercelSettings.HEARTBEAT, false))));
        // AND the server's own close and the platform's cut-off are one duration: the project's function timeout
        assertThat(m.readTree(json).at("/vercel/maxDurationSeconds").asInt()).isEqualTo(
                at(inputs(one(Project.TYPE)), "resourceConfig", "functionDefaultTimeout")).isEqualTo(300);
        assertThat(m.readTree(json).at("/devTokens").asBoolean()).isFalse();
    }

    @Test
    void aMaximumDurationFromTheStack_reachesBothTheProjectAndTheSettings() throws Exception {
        Map<String, String> c = new HashMap<>(Map.of("switchboard:platform", "vercel", "switchboard:environment",
                "dev", "switchboard:" + VercelProgram.MAX_DURATION, "60", JWT, SECRET, REDIS_KEY, REDIS));
        StackRun r = StackRun.of(STACK, c, Set.of(JWT, REDIS_KEY), App::stack);
        String json = (String) ((Map<String, Object>) inputs(r.ofType(Deployment.TYPE).get(0)).get("environment"))
                .get(VercelStack.SETTINGS);
        assertThat(new ObjectMapper().readTree(json).at("/vercel/maxDurationSeconds").asInt()).isEqualTo(60);
        assertThat(at(inputs(r.ofType(Project.TYPE).get(0)), "resourceConfig", "functionDefaultTimeout"))
                .isEqualTo(60);
        assertThat(r.outputs).containsEntry("vercelProject", "switchboard-dev");
        c.put("switchboard:" + VercelProgram.MAX_DURATION, "five minutes");
        assertThatThrownBy(() -> StackRun.of(STACK, c, Set.of(JWT, REDIS_KEY), App::stack))
                .hasStackTraceContaining("vercel.maxDuration: 'five minutes' is not a number of seconds");
    }

    @Test
    void jwtSecretAndRedisUrl_areSensitiveVariablesFromSecrets_andNeverPlainText() {
        // even a Redis URL handed in as a plain output becomes a secret in the stack
        StackRun plainRedis = render(blueprint, new VercelTarget("p", null, null, Duration.ofSeconds(300)));
        assertThat(plainRedis.ofType(ProjectEnvironmentVariable.TYPE)).allSatisfy(v -> assertThat(
                (Map<String, Object>) inputs(v).get("value")).containsEntry(SIG_KEY, SECRET_SIG));
        for (Declared v : run.ofType(ProjectEnvironmentVariable.TYPE)) {
            assertThat(inputs(v)).containsEntry("sensitive", true)
                    .containsEntry("targets", VercelStack.SECRET_TARGETS);
            assertThat((Map<String, Object>) inputs(v).get("value")).containsEntry(SIG_KEY, SECRET_SIG);
        }
        assertThat(run.ofType(ProjectEnvironmentVariable.TYPE)).extracting(d -> inputs(d).get("key"))
                .containsExactlyInAnyOrder(VercelStack.JWT_SECRET, VercelStack.REDIS_URL);
        List<String> plain = new ArrayList<>();
        run.declared.forEach(d -> PlainStrings.collect(d.inputs(), plain));
        PlainStrings.collect(run.outputs, plain);
        assertThat(plain).isNotEmpty().noneMatch(s -> s.contains(SECRET.substring(0, 16))
                || s.contains("redis-password"));
        assertThat(run.snapshot()).doesNotContain(SECRET.substring(0, 16), "redis-password");
    }


    @Test
    void firewall_limitsHandshakesPerIp_atTheWebAclsRate_overTheSameFiveMinutes() {
        Map<String, Object> rule = (Map<String, Object>) at(inputs(one(FirewallConfig.TYPE)), "rules", "rules", "0");
        assertThat(at(rule, "action", "rateLimit")).isEqualTo(Map.of("algo", "fixed_window", "window", 300,
                "limit", blueprint.limits().wafRatePerIp(), "keys", List.of("ip"), "action", "deny"));
        assertThat(at(rule, "conditionGroups", "0", "conditions", "0")).isEqualTo(Map.of("type", "path", "op", "pre",
                "value", "/dev"));
        // a changed blueprint limit reaches the rule
        Blueprint b = blueprint.withLimits(blueprint.limits().toBuilder().wafRatePerIp(777).build());
        StackRun r = render(b, new VercelTarget("p", null, null, Duration.ofSeconds(60)));
        assertThat(at(inputs(r.ofType(FirewallConfig.TYPE).get(0)), "rules", "rules", "0", "action", "rateLimit",
                "limit")).isEqualTo(777);
    }

    @Test
    void project_isFluid_withTheMaximumDuration_andTheDomainOnlyWhenConfigured() {
        assertThat(inputs(one(Project.TYPE))).containsEntry("resourceConfig", Map.of("fluid", true,
                "functionDefaultTimeout", 300)).containsEntry("teamId", "team_0123")
                .containsEntry("rootDirectory", "vercel/src");
        assertThat(inputs(one(ProjectDomain.TYPE))).containsEntry("domain", "ws.example.com");
        assertThat(run.outputs).containsEntry("websocketUrl", "wss://ws.example.com/dev");
        StackRun r = render(blueprint, new VercelTarget("chat", null, null, Duration.ofSeconds(800)));
        assertThat(r.ofType(ProjectDomain.TYPE)).isEmpty();
        assertThat(inputs(r.ofType(Project.TYPE).get(0))).doesNotContainKey("teamId");
        assertThat(((Map<String, Object>) inputs(r.ofType(Project.TYPE).get(0)).get("resourceConfig")))
                .containsEntry("functionDefaultTimeout", 800);
        assertThat(r.outputs).containsEntry("websocketUrl", "wss://chat.vercel.app/dev");
    }

    @Test
    void aTargetVercelWouldRefuse_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new VercelTarget("Chat App", null, null, Duration.ofSeconds(300)))
                .isInstanceOf(BlueprintException.class).hasMessageStartingWith("vercel.project:");
        assertThatThrownBy(() -> new VercelTarget("chat", null, null, Duration.ofSeconds(900)))
                .hasMessageStartingWith("vercel.maxDuration:");
        assertThatThrownBy(() -> new VercelTarget("chat", null, "not a host", Duration.ofSeconds(300)))
                .hasMessageStartingWith("vercel.domain:");
    }
}
