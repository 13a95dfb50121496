package dev.switchboard.pulumi.azure;

import dev.switchboard.pulumi.PlainStrings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.pulumi.App;
import dev.switchboard.pulumi.PackageTestSupport;
import dev.switchboard.pulumi.ProviderExtract;
import dev.switchboard.pulumi.StackConfig;
import dev.switchboard.pulumi.StackRun;
import dev.switchboard.pulumi.StackRun.Declared;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Azure stack (Pulumi.azure-dev.yaml, plus {@code switchboard:alarmEmail}, the secret {@code jwtSecret}
 * and a package file) rendered once through {@link App#stack} under {@link AzureMocks}: the graph against
 * snapshots/azure-dev.json ({@code -Dsnapshot.update=true} regenerates it), the pinned schema extract, and the guards
 * that matter on Azure. Web PubSub's event handler settings: https://learn.microsoft.com/azure/azure-web-pubsub/howto-develop-eventhandler;
 * Flex Consumption's site configuration: https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to.
 */
@SuppressWarnings("unchecked")
class AzureDevStackTest {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));
    static final String STACK = "azure-dev";
    static final String EXTRACT = "provider-3.28.0-extract.json";
    static final String JWT = "switchboard:" + StackConfig.JWT_SECRET;
    static final String SECRET = "azure-dev-jwt-secret-value-0123456789";
    /** A Function App folder as the azure module's build leaves it (the program checks its host.json). */
    static final String PACKAGE = "target/azure-function-test";
    static final String SECRET_SIG = PlainStrings.SECRET_SIG;
    static final String SIG_KEY = PlainStrings.SIG_KEY;

    static Map<String, String> config;
    static Blueprint blueprint;
    static StackRun run;

    /** The {@code config:} block of a stack file at the repository root, values as strings. */
    static Map<String, String> stackFile(String stack) throws IOException {
        Map<String, Object> file = new ObjectMapper(new YAMLFactory())
                .readValue(ROOT.resolve("Pulumi." + stack + ".yaml").toFile(), Map.class);
        Map<String, String> c = new HashMap<>();
        ((Map<String, Object>) file.get("config")).forEach((k, v) -> c.put(k, v.toString()));
        return c;
    }

    static void writePackage() throws IOException {
        Files.createDirectories(Path.of(PACKAGE));
        Files.writeString(Path.of(PACKAGE, "host.json"), "{\"version\": \"2.0\"}");
    }

    static StackRun render(Map<String, String> cfg) {
        return StackRun.of(STACK, cfg, Set.of(JWT), App::stack, new AzureMocks());
    }

    @BeforeAll
    static void render() throws Exception {
        // GIVEN the shipped stack file, an alarm e-mail, the secret and a package, as a user's stack holds them
        writePackage();
        config = new HashMap<>(stackFile(STACK));
        config.put("switchboard:alarmEmail", "ops@example.com");
        config.put("switchboard:" + AzureProgram.FUNCTION_PACKAGE, PACKAGE);
        config.put(JWT, SECRET);
        blueprint = Blueprint.reference(StackConfig.environment(STACK,
                k -> Optional.ofNullable(config.get("switchboard:" + k))));
        // WHEN the program's entry point runs
        run = render(config);
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

    /** The function's app settings, name to serialized value. */
    static Map<String, Object> appSettings() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object s : (List<Object>) at(inputs(one(WebApp.TYPE)), "siteConfig", "appSettings")) {
            out.put((String) ((Map<String, Object>) s).get("name"), ((Map<String, Object>) s).get("value"));
        }
        return out;
    }

    static String idOf(Declared d) {
        String rg = String.valueOf(inputs(d).getOrDefault("resourceGroupName", "none"));
        String name = d.type().equals(WebPubSub.TYPE) ? AzureMocks.pubsubName(d.name()) : d.name();
        return AzureMocks.SUBSCRIPTION + "/resourceGroups/" + rg + "/providers/" + d.type().split(":")[1] + "/"
                + d.type().split(":")[2] + "/" + name;
    }

    @Test
    void snapshot_azureDev() throws Exception {
        PackageTestSupport.assertSnapshot("azure-dev", run.snapshot());
    }

    @Test
    void everyTokenInputAndOutput_isThePinnedProvidersExactly() {
        ProviderExtract ex = ProviderExtract.load(AzureDevStackTest.class, EXTRACT);
        // THEN every class, its nested input types, its exports and the key listings agree with azure-native 3.28.0
        assertThat(ex.problems(Provider.PINNED, AzureMocks.CLASSES)).isEmpty();
        // AND every declared resource sets only inputs of its token, the required ones included, pinned to 3.28.0
        assertThat(run.declared).isNotEmpty().allSatisfy(d -> {
            assertThat(ex.problemsOfDeclared(d.type(), inputs(d))).isEmpty();
            assertThat(d.version()).as(d.name()).isEqualTo(Provider.VERSION).isEqualTo(ex.version());
        });
        // AND every class is used by the stack (no dead class escapes the graph check)
        assertThat(run.declared.stream().map(Declared::type).distinct())
                .containsExactlyInAnyOrderElementsOf(AzureMocks.CLASSES.stream().filter(
                        com.pulumi.resources.CustomResource.class::isAssignableFrom).map(c -> {
                            try {
                                return (String) c.getField("TYPE").get(null);
                            } catch (ReflectiveOperationException e) {
                                throw new AssertionError(e);
                            }
                        }).toList());
    }

    @Test
    void hub_sendsEveryEventToTheFunctionsOwnHost_andLeavesAuthenticationToIt() {
        Declared hub = one(WebPubSubHub.TYPE);
        Declared fn = one(WebApp.TYPE);
        Map<String, Object> handler = (Map<String, Object>) at(inputs(hub), "properties", "eventHandlers", "0");
        // THEN the URL is the host the platform gave the function (not one guessed from its name), on HTTPS
        assertThat(handler.get("urlTemplate")).isEqualTo("https://" + AzureMocks.functionHost(fn.name())
                + AzureStack.HANDLER_PATH);
        // AND every user event and the three system events reach it; connect is anonymous at the service, since
        // the function checks the token on the connect event
        assertThat(handler).containsEntry("userEventPattern", "*")
                .containsEntry("systemEvents", List.of("connect", "connected", "disconnected"));
        assertThat(at(inputs(hub), "properties", "anonymousConnectPolicy")).isEqualTo("allow");
        // AND the hub belongs to the service the stack declared (its provider-given name) and the URL output is its
        assertThat(inputs(hub)).containsEntry("resourceName", AzureMocks.pubsubName(one(WebPubSub.TYPE).name()))
                .containsEntry("hubName", "switchboard");
        assertThat(run.outputs.get("websocketUrl")).isEqualTo("wss://" + AzureMocks.pubsubName(
                one(WebPubSub.TYPE).name()) + ".webpubsub.azure.com/client/hubs/switchboard");
    }

    @Test
    void everyAlert_notifiesTheActionGroup_watchesADeclaredResource_withTheBlueprintsThreshold() {
        String group = idOf(one(ActionGroup.TYPE));
        List<String> ids = new ArrayList<>();
        run.declared.forEach(d -> ids.add(idOf(d)));
        List<Declared> alerts = run.ofType(MetricAlert.TYPE);
        assertThat(alerts).hasSize(AzureAlerts.ANALOGS.size());
        for (Declared a : alerts) {
            assertThat(inputs(a)).as(a.name() + " has actions").containsKey("actions");
            assertThat(at(inputs(a), "actions", "0", "actionGroupId")).as(a.name()).isEqualTo(group);
            String scope = (String) at(inputs(a), "scopes", "0");
            assertThat(ids).as(a.name() + " scope " + scope).anyMatch(scope::startsWith);
            String criterion = (String) at(inputs(a), "criteria", "allOf", "0", "name");
            AzureAlerts.Analog analog = AzureAlerts.ANALOGS.stream().filter(x -> x.name().equals(criterion))
                    .findFirst().orElseThrow();
            AlarmSpec spec = blueprint.alarms().stream().filter(s -> s.id().equals(analog.alarmId())).findFirst()
                    .orElseThrow();
            assertThat(((Number) at(inputs(a), "criteria", "allOf", "0", "threshold")).doubleValue())
                    .isEqualTo(spec.threshold());
            assertThat(inputs(a)).containsEntry("windowSize", "PT" + spec.periodSeconds()
                    * spec.evaluationPeriods() / 60 + "M");
        }
        // the action group mails the environment's alarm address
        assertThat(at(inputs(one(ActionGroup.TYPE)), "emailReceivers", "0", "emailAddress"))
                .isEqualTo("ops@example.com");
    }

    @Test
    void functionApp_isFlexConsumptionJava21_runningThePackageItsContainerHolds() {
        Declared plan = one(AppServicePlan.TYPE);
        assertThat(at(inputs(plan), "sku")).isEqualTo(Map.of("name", "FC1", "tier", "FlexConsumption"));
        Map<String, Object> fn = inputs(one(WebApp.TYPE));
        assertThat(fn).containsEntry("serverFarmId", idOf(plan)).containsEntry("httpsOnly", true);
        assertThat(at(fn, "functionAppConfig", "runtime")).isEqualTo(Map.of("name", "java", "version", "21"));
        String account = (String) inputs(one(StorageAccount.TYPE)).get("accountName");
        Declared container = one(BlobContainer.TYPE);
        assertThat(at(fn, "functionAppConfig", "deployment", "storage", "value")).isEqualTo("https://" + account
                + ".blob.core.windows.net/" + inputs(container).get("containerName"));
        Declared pkg = one(Blob.TYPE);
        assertThat(inputs(pkg)).containsEntry("blobName", AzureStack.PACKAGE_BLOB)
                .containsEntry("containerName", inputs(container).get("containerName"))
                .containsEntry("accountName", account);
        assertThat(one(WebApp.TYPE).dependsOn()).containsExactly(pkg.name());
        // AND the function's own identity holds the blob data role on that account, and nothing wider
        String principal = "principal-of-" + one(WebApp.TYPE).name();
        assertThat(run.ofType(RoleAssignment.TYPE)).hasSize(1).allSatisfy(r -> {
            assertThat(inputs(r)).containsEntry("principalId", principal)
                    .containsEntry("scope", idOf(one(StorageAccount.TYPE)));
            assertThat((String) inputs(r).get("roleDefinitionId")).startsWith(AzureMocks.SUBSCRIPTION
                    + "/providers/Microsoft.Authorization/roleDefinitions/");
        });
    }

    @Test
    void appSettings_carryTheBlueprintsLimitsAndTable_andTheHub() {
        Map<String, Object> s = appSettings();
        assertThat(s).containsEntry(EnvVars.MAX_DATA_BYTES, String.valueOf(blueprint.limits().maxDataBytes()))
                .containsEntry(EnvVars.RATE_BURST, String.valueOf(blueprint.limits().messageBurst()))
                .containsEntry(EnvVars.JWT_ISSUER, blueprint.defaultJwtIssuer())
                .containsEntry(EnvVars.JWT_AUDIENCE, blueprint.defaultJwtAudience())
                .containsEntry(AzureStack.WEBPUBSUB_HUB, "switchboard");
        assertThat(s.get(EnvVars.TABLE_NAME)).isEqualTo(inputs(one(Table.TYPE)).get("tableName"))
                .isEqualTo("switchboarddevconnections");
    }


    @Test
    void secrets_reachTheirSettingsOnlyAsSecrets_andTheStackFileHoldsNone() throws Exception {
        Map<String, Object> s = appSettings();
        for (String k : List.of(EnvVars.JWT_SECRET, AzureStack.WEBPUBSUB_CONNECTION_STRING,
                AzureStack.WEBPUBSUB_SECONDARY_KEY, AzureStack.TABLES_CONNECTION_STRING)) {
            assertThat(s.get(k)).as(k + " is a secret").isInstanceOf(Map.class);
            assertThat((Map<String, Object>) s.get(k)).containsEntry(SIG_KEY, SECRET_SIG);
        }
        assertThat(((Map<String, Object>) s.get(EnvVars.JWT_SECRET)).get("value")).isEqualTo(SECRET);
        assertThat(((Map<String, Object>) s.get(AzureStack.WEBPUBSUB_SECONDARY_KEY)).get("value"))
                .isEqualTo(AzureMocks.SECONDARY_KEY);
        // the connection strings are of this stack's service and account, with their first key
        assertThat((String) ((Map<String, Object>) s.get(AzureStack.WEBPUBSUB_CONNECTION_STRING)).get("value"))
                .isEqualTo("Endpoint=https://" + AzureMocks.pubsubName(one(WebPubSub.TYPE).name())
                        + ".webpubsub.azure.com;AccessKey=" + AzureMocks.PRIMARY_KEY + ";Version=1.0;");
        assertThat((String) ((Map<String, Object>) s.get(AzureStack.TABLES_CONNECTION_STRING)).get("value"))
                .isEqualTo("DefaultEndpointsProtocol=https;AccountName=" + inputs(one(StorageAccount.TYPE))
                        .get("accountName") + ";AccountKey=" + AzureMocks.STORAGE_KEY
                        + ";EndpointSuffix=core.windows.net");
        // no plain input, output or snapshot line holds the JWT secret or an access key
        List<String> plain = new ArrayList<>();
        run.declared.forEach(d -> PlainStrings.collect(d.inputs(), plain));
        PlainStrings.collect(run.outputs, plain);
        assertThat(plain).isNotEmpty().noneMatch(x -> x.contains(SECRET.substring(0, 16))
                || x.contains(AzureMocks.PRIMARY_KEY) || x.contains(AzureMocks.SECONDARY_KEY)
                || x.contains(AzureMocks.STORAGE_KEY));
        assertThat(run.snapshot()).doesNotContain(SECRET.substring(0, 16), AzureMocks.PRIMARY_KEY,
                AzureMocks.STORAGE_KEY);
        // the stack file: the platform, environment and placement only
        assertThat(stackFile(STACK).keySet()).containsExactlyInAnyOrder("switchboard:platform",
                "switchboard:environment", "switchboard:" + AzureProgram.LOCATION, "switchboard:" + AzureProgram.UNITS);
    }
}
