package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.LocalClients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The wire behaviour of the gateway against API Gateway's (sources in local/README.md): handshake outcomes, the exact event shapes, route
 * responses and error frames, and the management API through the AWS SDK v2 client. The reference handlers run
 * wrapped in {@link RecordingHandler}, which records each event and delegates.
 */
class WireTest {
    private static Fixture f;
    private static ApiGatewayManagementApiClient sdk;

    static Blueprint blueprint() {
        Blueprint ref = Fixture.referenceBlueprint()
                .withCustomRoute(new CustomRoute("echo", RecordingHandler.class.getName(), true, TableAccess.NONE, false))
                .withCustomRoute(new CustomRoute("oneway", RecordingHandler.class.getName(), false, TableAccess.NONE, false))
                .withCustomRoute(new CustomRoute("boom", RecordingHandler.class.getName(), true, TableAccess.NONE, false))
                .withCustomRoute(new CustomRoute("blank", RecordingHandler.class.getName(), true, TableAccess.NONE, false))
                .withCustomRoute(new CustomRoute("garbage", RecordingHandler.class.getName(), true, TableAccess.NONE, false));
        List<FunctionSpec> fns = new ArrayList<>();
        for (FunctionSpec fn : ref.functions()) {
            fns.add(switch (fn.name()) {
                case "authorizer", "connect", "disconnect", "default" -> new FunctionSpec(fn.name(),
                        RecordingHandler.class.getName(), fn.memoryMb(), fn.timeoutSeconds(), fn.architecture(),
                        fn.tableAccess(), fn.managementApi(), fn.jwtSecret(), Map.of("DELEGATE", fn.handler()));
                case "boom" -> fn.withEnvironment(Map.of("MODE", "throw"));
                case "blank" -> fn.withEnvironment(Map.of("MODE", "blank"));
                case "garbage" -> fn.withEnvironment(Map.of("MODE", "garbage"));
                default -> fn;
            });
        }
        return ref.withFunctions(fns);
    }

    @BeforeAll
    static void start() {
        f = new Fixture(blueprint(), LocalConfig.defaults());
        sdk = ApiGatewayManagementApiClient.builder()
                .endpointOverride(f.gateway.callbackUrl())
                .region(LocalClients.REGION)
                .credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        f.close();
    }

    private URI with(String user, String extraQuery) {
        return URI.create(f.uri(user) + "&" + extraQuery);
    }

    // ---- handshake ---------------------------------------------------------------------------------------------

    @Test
    void handshake_withValidToken_opens() {
        assertThat(WsClient.handshakeStatus(f.uri("okay"))).isEqualTo(101);
    }

    /**
     * No token in either transport is 401 and {@code $connect} never runs. The authorizer does run: the token is no
     * identity source any more (it may come in the query string or in Sec-WebSocket-Protocol, docs/protocol.md), so
     * the authorizer itself answers Unauthorized, as on API Gateway.
     */
    @Test
    void handshake_withoutToken_is401_andConnectNeverRuns() {
        long before = connectEvents();
        assertThat(WsClient.handshakeStatus(f.gateway.websocketUrl())).isEqualTo(401);
        assertThat(WsClient.handshakeStatus(URI.create(f.gateway.websocketUrl() + "?token="))).isEqualTo(401);
        // earlier tests' connections may still deliver their $disconnect: count $connect events only
        assertThat(connectEvents()).isEqualTo(before);
    }

    /** {@code $connect} events (the authorizer's REQUEST event names the route {@code $connect} too). */
    private static long connectEvents() {
        return RecordingHandler.EVENTS.stream().filter(e -> !"REQUEST".equals(e.path("type").asText())
                && "$connect".equals(e.path("requestContext").path("routeKey").asText())).count();
    }

    @Test
    void handshake_withBadOrForeignToken_is403_andOpensNothing() {
        int open = f.gateway.openConnections();
        String foreign = new DevTokens("another-secret-that-is-long-enough-for-hs256!!", DevTokens.DEFAULT_ISSUER,
                DevTokens.DEFAULT_AUDIENCE, Duration.ofHours(1), Clock.systemUTC()).token("mallory");
        String expired = DevTokens.defaults().withClock(Clock.fixed(Instant.now().minus(Duration.ofDays(1)),
                java.time.ZoneOffset.UTC)).token("mallory");
        for (String token : List.of("garbage", foreign, expired, "a.b.c")) {
            assertThat(WsClient.handshakeStatus(URI.create(f.gateway.websocketUrl() + "?token=" + token)))
                    .as(token).isEqualTo(403);
        }
        assertThat(f.gateway.openConnections()).isEqualTo(open);
        assertThat(f.items()).noneMatch(i -> i.containsKey("userId") && "mallory".equals(i.get("userId").s()));
    }

    @Test
    void handshake_whenConnectAnswersNon2xx_returnsThatStatus_andPostsAnswer410() {
        assertThat(WsClient.handshakeStatus(with("nia", "connectStatus=400"))).isEqualTo(400);
        assertThat(WsClient.handshakeStatus(with("nia", "connectStatus=401"))).isEqualTo(401);
        String id = RecordingHandler.last("routeKey", "$connect").path("requestContext").path("connectionId").asText();
        assertThatThrownBy(() -> sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void handshake_whenConnectThrows_is502() {
        assertThat(WsClient.handshakeStatus(with("oli", "connectThrow=1"))).isEqualTo(502);
    }

    @Test
    void handshake_plainGetWithoutUpgrade_is426() throws Exception {
        HttpResponse<String> r = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + f.gateway.port() + "/dev")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(426);
    }

    @Test
    void postDuringOwnConnect_is410_andAfterConnectReturned_isDelivered() {
        try (WsClient c = WsClient.connect(with("pam", "selfPost=1"))) {
            JsonNode ev = RecordingHandler.last("routeKey", "$connect");
            String id = ev.path("requestContext").path("connectionId").asText();
            assertThat(RecordingHandler.SELF_POST_STATUS).containsEntry(id, 410);
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("late")));
            assertThat(c.next()).isEqualTo("late");
        }
    }

    // ---- events ------------------------------------------------------------------------------------------------

    @Test
    void events_haveApiGatewayShapes() {
        String id;
        try (WsClient c = WsClient.connect(with("quin", "room=shape&extra=1"))) {
            assertThat(c.ask("{\"action\":\"echo\",\"n\":1}")).isEqualTo("echo:{\"action\":\"echo\",\"n\":1}");
            id = RecordingHandler.last("routeKey", "echo").path("requestContext").path("connectionId").asText();
        }
        Fixture.await(Duration.ofSeconds(10), () -> RecordingHandler.last("routeKey", "$disconnect") != null
                && id.equals(RecordingHandler.last("routeKey", "$disconnect").path("requestContext").path("connectionId").asText()),
                "$disconnect of " + id);

        JsonNode auth = null;
        for (JsonNode e : RecordingHandler.EVENTS) {
            if (e.has("methodArn")) {
                auth = e;
            }
        }
        assertThat(auth).isNotNull();
        assertThat(auth.get("type").asText()).isEqualTo("REQUEST");
        assertThat(auth.get("methodArn").asText()).matches("arn:aws:execute-api:us-east-1:\\d{12}:localapi01/dev/\\$connect");
        assertThat(fieldNames(auth)).containsExactly("type", "methodArn", "headers", "multiValueHeaders",
                "queryStringParameters", "multiValueQueryStringParameters", "stageVariables", "requestContext");
        assertThat(auth.get("headers").has("Upgrade")).isTrue();

        JsonNode connect = RecordingHandler.last("connectionId", id);
        for (JsonNode e : RecordingHandler.EVENTS) {
            if (!e.has("methodArn") && "$connect".equals(e.path("requestContext").path("routeKey").asText())
                    && id.equals(e.path("requestContext").path("connectionId").asText())) {
                connect = e;
            }
        }
        assertThat(fieldNames(connect)).containsExactly("headers", "multiValueHeaders", "queryStringParameters",
                "multiValueQueryStringParameters", "requestContext", "isBase64Encoded");
        assertThat(connect.get("headers").has("Upgrade")).as("$connect sees no Upgrade header").isFalse();
        assertThat(connect.get("headers").has("Sec-WebSocket-Key")).isTrue();
        assertThat(connect.get("queryStringParameters").get("room").asText()).isEqualTo("shape");
        assertThat(connect.get("multiValueQueryStringParameters").get("extra").get(0).asText()).isEqualTo("1");
        JsonNode crc = connect.get("requestContext");
        assertThat(fieldNames(crc)).containsExactly("routeKey", "eventType", "extendedRequestId", "requestTime",
                "messageDirection", "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId", "domainName",
                "connectionId", "apiId", "authorizer");
        assertThat(crc.get("eventType").asText()).isEqualTo("CONNECT");
        assertThat(crc.get("connectionId").asText()).matches("[A-Za-z0-9_-]{15}=");
        assertThat(crc.get("requestId").asText()).matches("[A-Za-z0-9_-]{15}=").isEqualTo(crc.get("extendedRequestId").asText());
        assertThat(crc.get("requestTime").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(crc.get("requestTimeEpoch").asLong()).isGreaterThanOrEqualTo(crc.get("connectedAt").asLong());
        assertThat(crc.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(crc.get("identity").has("userAgent")).isTrue();
        assertThat(crc.get("stage").asText()).isEqualTo("dev");
        assertThat(crc.get("apiId").asText()).isEqualTo("localapi01");
        JsonNode authorizer = crc.get("authorizer");
        assertThat(authorizer.get("principalId").asText()).isEqualTo("quin");
        assertThat(authorizer.get("userId").asText()).isEqualTo("quin");
        assertThat(authorizer.get("integrationLatency").isNumber()).isTrue();

        JsonNode msg = RecordingHandler.last("routeKey", "echo");
        assertThat(fieldNames(msg)).containsExactly("requestContext", "body", "isBase64Encoded");
        JsonNode mrc = msg.get("requestContext");
        assertThat(fieldNames(mrc)).containsExactly("routeKey", "messageId", "eventType", "extendedRequestId",
                "requestTime", "messageDirection", "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId",
                "domainName", "connectionId", "apiId", "authorizer");
        assertThat(mrc.get("eventType").asText()).isEqualTo("MESSAGE");
        assertThat(mrc.get("connectedAt").asLong()).isEqualTo(crc.get("connectedAt").asLong());
        assertThat(mrc.get("messageId").asText()).matches("[A-Za-z0-9_-]{15}=")
                .endsWith(id.substring(11)).isNotEqualTo(id);
        assertThat(msg.get("body").asText()).isEqualTo("{\"action\":\"echo\",\"n\":1}");

        JsonNode dis = RecordingHandler.last("routeKey", "$disconnect");
        assertThat(fieldNames(dis)).containsExactly("headers", "multiValueHeaders", "requestContext", "isBase64Encoded");
        assertThat(fieldNames(dis.get("headers"))).containsExactly("Host", "x-api-key", "X-Forwarded-For", "x-restapi");
        JsonNode drc = dis.get("requestContext");
        assertThat(drc.get("disconnectStatusCode").asInt()).isEqualTo(1000);
        assertThat(drc.get("disconnectReason").asText()).isEqualTo("bye");
        assertThat(drc.get("eventType").asText()).isEqualTo("DISCONNECT");
        assertThat(drc.get("authorizer").get("userId").asText()).isEqualTo("quin");
    }

    @Test
    void handlers_getTheLocalEnvironment() {
        assertThat(RecordingHandler.ENV).containsEntry("CALLBACK_URL", f.gateway.callbackUrl().toString())
                .containsEntry("DYNAMODB_ENDPOINT", f.gateway.dynamoDbEndpoint().toString())
                .containsEntry("TABLE_NAME", "switchboard-dev-connections")
                .containsEntry("JWT_ISSUER", "switchboard-local")
                .containsEntry("JWT_AUDIENCE", "switchboard")
                .containsEntry("SWITCHBOARD_REGION", "us-east-1")
                .containsKeys("JWT_SECRET", "MAX_DATA_BYTES", "RATE_PER_SECOND");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- route responses and error frames ----------------------------------------------------------------------

    @Test
    void oneWayRoute_sendsNothing_blankBodySendsNothing() {
        try (WsClient c = f.connect("ray")) {
            c.send("{\"action\":\"oneway\"}");
            c.send("{\"action\":\"blank\"}");
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }

    @Test
    void throwingOrGarbageHandler_sendsInternalServerErrorFrame_andConnectionStaysOpen() {
        try (WsClient c = f.connect("sam")) {
            for (String action : List.of("boom", "garbage")) {
                String frame = c.ask("{\"action\":\"" + action + "\"}");
                assertThat(frame).matches("\\{\"message\": \"Internal server error\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\","
                        + " \"requestId\":\"[A-Za-z0-9_-]{15}=\"}");
            }
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }

    // ---- management API ----------------------------------------------------------------------------------------

    @Test
    void sdk_postGetDelete_thenGone() {
        try (WsClient c = f.connect("tia")) {
            c.ask("{\"action\":\"echo\"}");
            String id = RecordingHandler.last("routeKey", "echo").path("requestContext").path("connectionId").asText();
            long connectedAt = RecordingHandler.last("routeKey", "echo").path("requestContext").path("connectedAt").asLong();

            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{\"hello\":\"tia\"}")));
            assertThat(c.next()).isEqualTo("{\"hello\":\"tia\"}");

            GetConnectionResponse info = sdk.getConnection(r -> r.connectionId(id));
            assertThat(info.connectedAt().toEpochMilli()).isEqualTo(connectedAt);
            assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());
            assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(info.identity().userAgent()).isNotBlank();

            sdk.deleteConnection(r -> r.connectionId(id));
            assertThat(c.awaitClose().code()).isEqualTo(1000);
            assertThatThrownBy(() -> sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(GoneException.class).satisfies(e -> assertThat(((GoneException) e).statusCode()).isEqualTo(410));
            assertThatThrownBy(() -> sdk.getConnection(r -> r.connectionId(id))).isInstanceOf(GoneException.class);
            assertThatThrownBy(() -> sdk.deleteConnection(r -> r.connectionId(id))).isInstanceOf(GoneException.class);
            Fixture.await(Duration.ofSeconds(10), () -> f.itemsOf(id) == 0, "the deleted connection's records to go");
            JsonNode dis = RecordingHandler.last("connectionId", id);
            assertThat(dis.path("requestContext").path("routeKey").asText()).isEqualTo("$disconnect");
            assertThat(dis.path("requestContext").path("disconnectReason").asText()).isEqualTo("Connection Closed Normally");
        }
    }

    @Test
    void sdk_unknownId_isGoneException() {
        assertThatThrownBy(() -> sdk.postToConnection(r -> r.connectionId("AAAAAAAAAAAAAAA=").data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void rawHttp_acceptsEncodedAtAndEquals_andGoneHasHeaderAndEmptyBody() throws Exception {
        try (WsClient c = f.connect("uma")) {
            c.ask("{\"action\":\"echo\"}");
            String id = RecordingHandler.last("routeKey", "echo").path("requestContext").path("connectionId").asText();
            String encoded = id.replace("=", "%3D");
            HttpResponse<String> ok = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(f.gateway.callbackUrl()
                    + "/%40connections/" + encoded)).POST(HttpRequest.BodyPublishers.ofString("via %40")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(c.next()).isEqualTo("via %40");
            HttpResponse<String> gone = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(f.gateway.callbackUrl()
                    + "/@connections/BBBBBBBBBBBBBBB%3D")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(gone.headers().firstValue("x-amzn-ErrorType")).hasValue("GoneException");
            assertThat(gone.body()).isEmpty();
            HttpResponse<String> big = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(f.gateway.callbackUrl()
                    + "/@connections/" + encoded)).POST(HttpRequest.BodyPublishers.ofString("x".repeat(128 * 1024 + 1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        }
    }
}
