package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The typing route against a real connection table (dynalite, through Switchboard's devkit) and a small HTTP server
 * in the role of API Gateway's {@code @connections} API: the other member is told, the sender is not, a non-member
 * gets NOT_A_MEMBER.
 */
class TypingHandlerTest {
    private static final Blueprint BLUEPRINT = Blueprint.reference(Environments.resolve("dev", Map.of()));
    private static DynaliteProcess dynalite;
    private static DynamoDbClient dynamo;
    private static HttpServer connections;
    private static final List<String> posts = new CopyOnWriteArrayList<>();
    private static Map<String, String> env;
    private static ConnectionRepository repository;

    @BeforeAll
    static void start() throws IOException {
        dynalite = DynaliteProcess.start();
        dynamo = LocalClients.dynamoDb(dynalite.endpoint());
        TableBootstrap.createTables(dynamo, BLUEPRINT);
        String table = BLUEPRINT.tableName(BLUEPRINT.dataModel().connections());
        repository = new ConnectionRepository(dynamo, table);
        connections = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        connections.createContext("/dev/@connections/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/dev/@connections/".length());
            posts.add(id + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        connections.start();
        env = Map.of(EnvVars.TABLE_NAME, table,
                EnvVars.DYNAMODB_ENDPOINT, dynalite.endpoint().toString(),
                EnvVars.CALLBACK_URL, "http://127.0.0.1:" + connections.getAddress().getPort() + "/dev",
                EnvVars.REGION, "us-east-1");
    }

    @AfterAll
    static void stop() {
        connections.stop(0);
        dynamo.close();
        dynalite.close();
    }

    @Test
    void typing_tellsTheOtherMembers_andNotTheSender() throws IOException {
        member("ann-1", "ann", "lobby");
        member("ben-1", "ben", "lobby");
        posts.clear();
        try (TypingHandler typing = new TypingHandler(env)) {
            JsonNode response = call(typing, "ann-1", "ann", "{\"action\":\"typing\",\"room\":\"lobby\"}");
            assertThat(response.path("statusCode").asInt()).isEqualTo(200);
            assertThat(response.has("body")).isFalse();
        }
        assertThat(posts).containsExactly("ben-1 {\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"ann\"}");
    }

    @Test
    void typing_fromANonMember_isRefusedWithNotAMember() throws IOException {
        member("cal-1", "cal", "elsewhere");
        posts.clear();
        try (TypingHandler typing = new TypingHandler(env)) {
            call(typing, "cal-1", "cal", "{\"action\":\"typing\",\"room\":\"lobby\"}");
        }
        assertThat(posts).singleElement().asString().startsWith("cal-1 ").contains("\"code\":\"NOT_A_MEMBER\"");
    }

    private static void member(String connectionId, String user, String room) {
        long now = System.currentTimeMillis();
        Member m = new Member(connectionId, user, "us-east-1", env.get(EnvVars.CALLBACK_URL), now);
        repository.putConnection(m, now, now / 1000 + 3600);
        repository.addMembership(m, room, now / 1000 + 3600);
    }

    /** One API Gateway MESSAGE event through the handler's Lambda entry point. */
    private static JsonNode call(TypingHandler handler, String connectionId, String user, String body) throws IOException {
        JsonNode event = Json.object()
                .put("body", body)
                .set("requestContext", Json.object()
                        .put("routeKey", "typing").put("eventType", "MESSAGE").put("connectionId", connectionId)
                        .put("requestId", "req-" + connectionId).put("connectedAt", System.currentTimeMillis())
                        .set("authorizer", Json.object().put("userId", user)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out, null);
        return Json.parseOrNull(out.toString(StandardCharsets.UTF_8));
    }
}
