package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.azure.store.AzuriteProcess;
import dev.switchboard.devkit.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FunctionHostTest {

    @Test
    void host_servesTheFunctionOverHttp_asTheServiceCallsIt() throws Exception {
        try (AzuriteProcess azurite = AzuriteProcess.start(); RecordingWebPubSub service = new RecordingWebPubSub()) {
            AzureSettings settings = AzureSettings.fromEnv(Map.of(
                    AzureSettings.CONNECTION_STRING, service.connectionString(),
                    AzureSettings.ALLOWED_ORIGINS, Events.ORIGIN,
                    AzureSettings.TABLES_CONNECTION_STRING, azurite.connectionString(),
                    EnvVars.JWT_SECRET, DevTokens.DEV_SECRET, EnvVars.JWT_ISSUER, DevTokens.DEFAULT_ISSUER,
                    EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE));
            Logger log = Logger.getLogger("switchboard.azure.host.test");
            try (FunctionHost host = FunctionHost.start(0, EventHandler.create(settings, log), log)) {
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> options = http.send(HttpRequest.newBuilder(URI.create(host.eventsUrl()))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("WebHook-Request-Origin", Events.ORIGIN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(options.statusCode()).isEqualTo(200);
                assertThat(options.headers().firstValue("WebHook-Allowed-Origin")).contains(Events.ORIGIN);

                Events events = new Events(null, settings.hub(), List.of(RecordingWebPubSub.KEY));
                String connectionId = "host-conn";
                HttpRequest.Builder connect = HttpRequest.newBuilder(URI.create(host.eventsUrl()))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"token\":[\""
                                + DevTokens.mint("hosted") + "\"]},\"subprotocols\":[]}"));
                events.headers("azure.webpubsub.sys.connect", connectionId, "application/json")
                        .forEach(connect::header);
                HttpResponse<String> answer = http.send(connect.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"userId\":\"hosted\"");

                HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(host.eventsUrl()
                        + "/other")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(missing.statusCode()).isEqualTo(404);
            }
        }
    }
}
