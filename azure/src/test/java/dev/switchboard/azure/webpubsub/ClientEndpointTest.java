package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client endpoint's and the REST API's refusals and limits, with the JDK's WebSocket and HTTP clients: tokens that
 * are expired, for another hub or signed with another key answer 401 (and are logged); a hub that does not allow
 * anonymous connect wants a token; a message over 1 MB closes the client with 1009 (RFC 6455 "message too big");
 * simple clients get binary sends as binary frames; the reliable subprotocol numbers data messages; unknown routes
 * and a missing api-version get a clear error body.
 */
class ClientEndpointTest {
    static final Queue<String> LOG = new ConcurrentLinkedQueue<>();
    static LocalWebPubSub wps;
    static WebPubSubServiceClient sdk;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        wps = LocalWebPubSub.start(LocalWebPubSub.Options.of(HubSettings.withoutHandler("chat")).withLog(LOG::add));
        sdk = new WebPubSubServiceClientBuilder().connectionString(wps.connectionString()).hub("chat").buildClient();
    }

    @AfterAll
    static void stop() {
        wps.close();
    }

    static String token(String aud, long exp, String key) {
        ObjectNode claims = Payload.object().put("aud", aud).put("exp", exp).put("sub", "tess");
        return Jwt.sign(claims, key);
    }

    @Test
    void badTokens_andNoToken_areRefusedWith401() throws Exception {
        String aud = wps.endpoint() + "/client/hubs/chat";
        long later = Instant.now().plusSeconds(600).getEpochSecond();
        String base = wps.clientUrl("chat") + "?access_token=";

        assertThat(TestSocket.refusal(base + token(aud, Instant.now().minusSeconds(1).getEpochSecond(),
                wps.keys().primary()))).isEqualTo(401);
        assertThat(LOG).anyMatch(l -> l.contains("refused with 401: the token expired"));
        assertThat(TestSocket.refusal(base + token(wps.endpoint() + "/client/hubs/other", later,
                wps.keys().primary()))).isEqualTo(401);
        assertThat(LOG).anyMatch(l -> l.contains("is not this hub's client URL"));
        assertThat(TestSocket.refusal(base + token(aud, later, AccessKeys.random().primary()))).isEqualTo(401);
        assertThat(LOG).anyMatch(l -> l.contains("matches neither access key"));
        assertThat(TestSocket.refusal(wps.clientUrl("chat"))).isEqualTo(401);
        assertThat(LOG).anyMatch(l -> l.contains("does not allow anonymous connect"));

        TestSocket ok = TestSocket.connect(base + token(aud, later, wps.keys().secondary()),
                "json.webpubsub.azure.v1");
        assertThat(ok.nextJson().path("userId").asText()).isEqualTo("tess");
    }

    @Test
    void aMessageOverOneMegabyte_closesTheClientWith1009() throws Exception {
        String url = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("big")).getUrl();
        TestSocket s = TestSocket.connect(url, "json.webpubsub.azure.v1");
        s.nextJson();
        String frame = "{\"type\":\"sendToGroup\",\"group\":\"g\",\"dataType\":\"text\",\"data\":\""
                + "x".repeat(LocalWebPubSub.MESSAGE_MAX) + "\"}";
        s.ws.sendText(frame, true);
        assertThat(s.next()).startsWith("close:1009");
    }

    @Test
    void simpleClients_getRawFrames_andReliableClients_numberedMessages() throws Exception {
        TestSocket simple = TestSocket.connect(sdk.getClientAccessToken(new GetClientAccessTokenOptions()
                .setUserId("raw")).getUrl());
        TestSocket reliable = TestSocket.connect(sdk.getClientAccessToken(new GetClientAccessTokenOptions()
                .setUserId("rel")).getUrl(), "json.reliable.webpubsub.azure.v1");
        JsonNode hello = reliable.nextJson();
        assertThat(hello.path("event").asText()).isEqualTo("connected");
        assertThat(hello.has("reconnectionToken")).isTrue();
        awaitUser("raw");

        sdk.sendToAllWithResponse(BinaryData.fromBytes(new byte[] {1, 2, 3}),
                WebPubSubContentType.APPLICATION_OCTET_STREAM, 3, null);
        sdk.sendToAll("{\"a\":1}", WebPubSubContentType.APPLICATION_JSON);
        assertThat(simple.next()).isEqualTo("binary:3");
        assertThat(simple.next()).isEqualTo("{\"a\":1}");
        assertThat(reliable.nextJson().path("sequenceId").asLong()).isEqualTo(1);
        JsonNode second = reliable.nextJson();
        assertThat(second.path("sequenceId").asLong()).isEqualTo(2);
        assertThat(second.path("data").path("a").asInt()).isEqualTo(1);

        reliable.send("{\"type\":\"ping\"}");
        assertThat(reliable.nextJson().path("type").asText()).isEqualTo("pong");
    }

    @Test
    void aSimpleClientsMessage_thatNoHandlerTakes_dropsTheConnection() throws Exception {
        TestSocket simple = TestSocket.connect(sdk.getClientAccessToken(new GetClientAccessTokenOptions()
                .setUserId("talker")).getUrl());
        simple.send("anyone?");
        assertThat(simple.next()).startsWith("close:1011").contains("No event handler takes the message event");
    }

    @Test
    void theRestApi_answersUnknownRoutesAndMissingVersionsClearly_andGeneratesTokensTheEndpointTakes()
            throws Exception {
        String unknown = wps.endpoint() + "/api/hubs/chat/nowhere?api-version=2024-01-01";
        HttpResponse<String> r = HTTP.send(signed(unknown, "POST"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Jwt.JSON.readTree(r.body()).path("message").asText()).contains("no such REST route");

        String badQuery = rawPost("/api/hubs/chat/:send?api-version=%zz");
        assertThat(badQuery).startsWith("HTTP/1.1 400").contains("\"message\":\"the request is malformed");

        String unversioned = wps.endpoint() + "/api/hubs/chat/:send";
        r = HTTP.send(signed(unversioned, "POST"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("api-version");

        String generate = wps.endpoint() + "/api/hubs/chat/:generateToken?api-version=2024-01-01&userId="
                + URLEncoder.encode("gen user", StandardCharsets.UTF_8) + "&group=generated&minutesToExpire=5";
        r = HTTP.send(signed(generate, "POST"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String token = Jwt.JSON.readTree(r.body()).path("token").asText();
        TestSocket s = TestSocket.connect(wps.clientUrl("chat") + "?access_token=" + token, "json.webpubsub.azure.v1");
        assertThat(s.nextJson().path("userId").asText()).isEqualTo("gen user");
        assertThat(sdk.groupExistsWithResponse("generated", null).getValue()).isTrue();

        String otherAud = wps.endpoint() + "/api/hubs/chat/:send?api-version=2024-01-01";
        HttpRequest wrongAud = HttpRequest.newBuilder(URI.create(generate)).header("Authorization", "Bearer "
                + token(otherAud, Instant.now().plusSeconds(60).getEpochSecond(), wps.keys().primary()))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(HTTP.send(wrongAud, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    /** A POST with a target the JDK's clients refuse to send; the whole response as text. */
    private static String rawPost(String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", wps.port())) {
            s.getOutputStream().write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpRequest signed(String url, String method) {
        String bearer = token(url, Instant.now().plusSeconds(60).getEpochSecond(), wps.keys().primary());
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static void awaitUser(String user) throws InterruptedException {
        for (int i = 0; i < 100 && !sdk.userExistsWithResponse(user, null).getValue(); i++) {
            Thread.sleep(20);
        }
        assertThat(sdk.userExistsWithResponse(user, null).getValue()).isTrue();
    }
}
