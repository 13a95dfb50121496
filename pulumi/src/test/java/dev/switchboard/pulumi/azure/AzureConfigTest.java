package dev.switchboard.pulumi.azure;

import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.pulumi.App;
import dev.switchboard.pulumi.StackRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad Azure configuration is refused before anything is declared, naming the field and the fix. */
class AzureConfigTest {
    static Map<String, String> base;

    @BeforeAll
    static void config() throws Exception {
        AzureDevStackTest.writePackage();
        base = new HashMap<>(AzureDevStackTest.stackFile(AzureDevStackTest.STACK));
        base.put("switchboard:" + AzureProgram.FUNCTION_PACKAGE, AzureDevStackTest.PACKAGE);
        base.put(AzureDevStackTest.JWT, AzureDevStackTest.SECRET);
    }

    static StackRun with(String key, String value) {
        Map<String, String> c = new HashMap<>(base);
        c.put("switchboard:" + key, value);
        return StackRun.of(AzureDevStackTest.STACK, c, Set.of(AzureDevStackTest.JWT), App::stack, new AzureMocks());
    }

    @Test
    void units_notOfferedByTheStandardTier_areRefused() {
        assertThatThrownBy(() -> with(AzureProgram.UNITS, "3")).hasStackTraceContaining(
                "azure.units: 3 is not a Web PubSub unit count");
        assertThat(with(AzureProgram.UNITS, "5").ofType(WebPubSub.TYPE).get(0).inputs().toString())
                .contains("capacity=5");
    }

    @Test
    void aMissingPackage_isRefused_sayingHowToBuildIt() {
        assertThatThrownBy(() -> with(AzureProgram.FUNCTION_PACKAGE, "target/no-such.zip"))
                .hasStackTraceContaining("azure.functionPackage: no zip or Function App folder (with host.json) at")
                .hasStackTraceContaining("-pl azure -am package");
    }

    @Test
    void aStorageAccountNameAzureRefuses_isRefusedFirst() {
        assertThatThrownBy(() -> with(AzureProgram.STORAGE_ACCOUNT, "Chat-Dev"))
                .hasStackTraceContaining("azure.storageAccount: 'Chat-Dev' is not a storage account name");
        assertThat(AzureProgram.defaultStorageAccount("switchboard", "azure-dev", "switchboard-dev", "westeurope"))
                .matches("sbswitchboarddev[0-9a-f]{8}")
                .isNotEqualTo(AzureProgram.defaultStorageAccount("switchboard", "azure-prod", "switchboard-dev",
                        "westeurope"));
    }

    @Test
    void anUnknownPlatform_isRefused_namingTheChoices() {
        assertThatThrownBy(() -> with("platform", "azur")).hasStackTraceContaining(
                "platform: 'azur' is not a platform").hasStackTraceContaining("[aws, cloudflare, azure, vercel]");
    }

    @Test
    void anAlarmWindowAzureCannotEvaluate_isRefusedNamingTheAlarm() {
        AlarmSpec odd = new AlarmSpec("errors", AlarmSpec.Kind.FUNCTION, "Errors", "Sum", 1, 2, 120, false);
        assertThatThrownBy(() -> AzureAlerts.window(odd)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("alarms.errors.evaluationPeriods: 240 s is not a window");
        assertThat(AzureAlerts.window(new AlarmSpec("x", AlarmSpec.Kind.FUNCTION, "Errors", "Sum", 1, 12, 300,
                false))).isEqualTo("PT1H");
    }

    @Test
    void aCustomJavaRoute_isRefusedForAzure() {
        Blueprint reference = Blueprint.reference(dev.switchboard.blueprint.Environments.resolve("dev", Map.of()));
        AzureStack.refuseCustomRoutes(reference); // the reference routes pass
        Blueprint b = reference.withCustomRoute(new CustomRoute("typing", "com.example.TypingHandler", true, TableAccess.NONE, false));
        assertThatThrownBy(() -> AzureStack.refuseCustomRoutes(b)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.typing: a custom route (handler com.example.TypingHandler)");
    }
}
