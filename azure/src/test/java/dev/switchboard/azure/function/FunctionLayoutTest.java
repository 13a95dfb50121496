package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import dev.switchboard.lambdas.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionLayoutTest {

    @Test
    void write_describesTheEventsFunction_asTheJavaWorkerLoadsIt(@TempDir Path dir) throws Exception {
        // WHEN the build writes the layout
        FunctionLayout.write(dir, "switchboard-azure-0.3.0.jar");
        // THEN host.json is the 2.0 schema with the extension bundle and the api prefix
        JsonNode host = Json.parseOrNull(Files.readString(dir.resolve("host.json")));
        assertThat(host.path("version").asText()).isEqualTo("2.0");
        assertThat(host.path("extensionBundle").path("id").asText()).isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
        assertThat(host.path("extensions").path("http").path("routePrefix").asText()).isEqualTo("api");
        // AND events/function.json names a public method taking the request and the context, and the HTTP trigger
        // Web PubSub needs: OPTIONS (abuse protection) and POST (events), anonymous (events carry signatures), binary
        JsonNode fn = Json.parseOrNull(Files.readString(dir.resolve("events/function.json")));
        assertThat(fn.path("scriptFile").asText()).isEqualTo("../switchboard-azure-0.3.0.jar");
        String entry = fn.path("entryPoint").asText();
        Class<?> type = Class.forName(entry.substring(0, entry.lastIndexOf('.')));
        assertThat(type.getMethod(entry.substring(entry.lastIndexOf('.') + 1), HttpRequestMessage.class,
                ExecutionContext.class)).isNotNull();
        assertThat(type.getConstructor()).as("the worker needs a public no-argument constructor").isNotNull();
        assertThat(fn.path("bindings")).isEqualTo(Json.parseOrNull("""
                [{"type":"httpTrigger","direction":"in","name":"req","dataType":"binary",
                  "methods":["options","post"],"authLevel":"anonymous","route":"events"},
                 {"type":"http","direction":"out","name":"$return"}]"""));
    }
}
