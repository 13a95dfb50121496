package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.ProjectConfig;
import dev.switchboard.devkit.DevTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload of a project's own route, in-process (the gateway and the compiler, no Maven): a project folder with a
 * switchboard.json and one handler source runs on the local API; a saved edit is what the next invocation runs, on
 * the same connection, with the room membership (the table's data) kept; a syntax error answers INTERNAL while the
 * server and the bundled routes keep running; fixing the source heals the route.
 */
class LiveReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            {"environments": {"dev": {"routes": [
              {"routeKey": "greet", "handler": "com.example.GreetHandler", "twoWay": true, "tableAccess": "READ"}
            ]}}}
            """;

    @TempDir
    Path dir;

    @Test
    void savedEdit_runsOnTheNextInvocation_onTheSameConnection_andACompileErrorAnswersInternalUntilFixed()
            throws Exception {
        Files.writeString(dir.resolve(ProjectConfig.FILE), CONFIG);
        writeHandler("hello v1");
        DevProject project = DevProject.folder(dir);
        try (LocalGateway g = LocalGateway.start(project.blueprint(), LocalConfig.defaults(), project);
             WsClient c = WsClient.connect(URI.create(g.websocketUrl() + "?token=" + DevTokens.mint("alice")))) {
            assertThat(text(c.ask("{\"action\":\"greet\"}"))).isEqualTo("hello v1 alice");
            c.ask("{\"action\":\"join\",\"room\":\"kept\"}");

            // WHEN the handler is edited and saved
            writeHandler("hello again, v2");
            // THEN the next invocation runs the new code, on the same connection
            assertThat(text(c.ask("{\"action\":\"greet\"}"))).isEqualTo("hello again, v2 alice");

            // WHEN a save does not compile
            Files.writeString(handler(), Files.readString(handler()).replace("return RouteResponse", "return Route Response"));
            // THEN the route answers INTERNAL, the compiler's message is kept, the server and the bundled routes run
            JsonNode error = JSON.readTree(c.ask("{\"action\":\"greet\"}"));
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("INTERNAL");
            assertThat(g.reloadFailure()).contains("GreetHandler.java:");
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\"");

            // WHEN the source is fixed, THEN the route heals, and the table kept the membership from before the reloads
            writeHandler("fixed, v3");
            assertThat(text(c.ask("{\"action\":\"greet\"}"))).isEqualTo("fixed, v3 alice");
            assertThat(g.reloadFailure()).isNull();
            assertThat(c.ask("{\"action\":\"leave\",\"room\":\"kept\"}")).isEqualTo("{\"type\":\"left\",\"room\":\"kept\"}");
        }
    }

    @Test
    void start_whenARoutesHandlerClassDoesNotExist_namesTheRouteAndTheClass() throws IOException {
        Files.writeString(dir.resolve(ProjectConfig.FILE), CONFIG.replace("com.example.GreetHandler", "com.example.Gone"));
        writeHandler("unused");
        DevProject project = DevProject.folder(dir);
        assertThatThrownBy(() -> LocalGateway.start(project.blueprint(), LocalConfig.defaults(), project))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route 'greet'")
                .hasMessageContaining("handler class com.example.Gone")
                .hasMessageContaining("class not found");
    }

    @Test
    void config_withABadField_namesTheFieldAndTheFix() throws IOException {
        Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(dir.resolve(ProjectConfig.FILE), CONFIG.replace("\"READ\"", "\"SOMETIMES\""));
        assertThatThrownBy(() -> DevProject.folder(dir).blueprint())
                .isInstanceOf(BlueprintException.class)
                .hasMessageContaining("environments.dev.routes[0].tableAccess")
                .hasMessageContaining("Fix: use NONE, READ or READ_WRITE");
        Files.writeString(dir.resolve(ProjectConfig.FILE), "{\"enviroments\": {}}");
        assertThatThrownBy(() -> DevProject.folder(dir).blueprint())
                .hasMessageContaining("enviroments: unknown setting")
                .hasMessageContaining("Fix: use \"routes\", \"environments\"");
    }

    @Test
    void folder_ofAMultiModuleProject_watchesTheModuleThatDependsOnTheHandlerApi() throws IOException {
        Files.createDirectories(dir.resolve("handlers/src/main/java"));
        Files.writeString(dir.resolve("handlers/pom.xml"), "<project><dependencies><dependency>"
                + "<artifactId>switchboard-lambdas</artifactId></dependency></dependencies></project>");
        Files.createDirectories(dir.resolve("infra/src/main/java"));
        Files.writeString(dir.resolve("infra/pom.xml"), "<project><artifactId>switchboard-cdk</artifactId></project>");
        assertThat(DevProject.folder(dir).sourceDirs()).containsExactly(dir.resolve("handlers/src/main/java"));
        Files.delete(dir.resolve("handlers/pom.xml"));
        assertThatThrownBy(() -> DevProject.folder(dir)).hasMessageContaining("depends on switchboard-lambdas");
    }

    private Path handler() {
        return dir.resolve("src/main/java/com/example/GreetHandler.java");
    }

    private void writeHandler(String greeting) throws IOException {
        Files.createDirectories(handler().getParent());
        Files.writeString(handler(), """
                package com.example;

                import dev.switchboard.lambdas.api.HandlerContext;
                import dev.switchboard.lambdas.api.Json;
                import dev.switchboard.lambdas.api.RouteHandler;
                import dev.switchboard.lambdas.api.RouteResponse;
                import dev.switchboard.lambdas.api.WebSocketRequest;
                import java.util.Map;

                public class GreetHandler extends RouteHandler {
                    public GreetHandler(Map<String, String> env) {
                        super(env);
                    }

                    @Override
                    protected RouteResponse handle(WebSocketRequest r) {
                        return RouteResponse.reply(Json.object().put("type", "greeting").put("text", "%s " + r.userId()));
                    }
                }
                """.formatted(greeting));
    }

    private static String text(String frame) throws IOException {
        return JSON.readTree(frame).path("text").asText(frame);
    }
}
