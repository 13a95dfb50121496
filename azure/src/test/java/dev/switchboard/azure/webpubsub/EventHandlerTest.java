package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's reference CloudEvents handler ({@code @azure/web-pubsub-express} 1.1.0 in express,
 * azure/src/test/node/handler-driver.cjs) behind the emulation: the abuse-protection OPTIONS, {@code connect} (its
 * userId, groups, roles and connection state taken; its 401 refusing the handshake), {@code connected}, user events
 * from simple and subprotocol clients answered back to the sender, a failing handler dropping the client, and
 * {@code disconnected}. The driver checks each event's {@code ce-signature} against the documented formula with Node's
 * own crypto (express 1.1.0 itself does not check signatures).
 */
class EventHandlerTest {
    static final AccessKeys KEYS = AccessKeys.random();
    static final Queue<String> LOG = new ConcurrentLinkedQueue<>();
    static NodeDriver express;
    static LocalWebPubSub wps;
    static WebPubSubServiceClient sdk;

    @BeforeAll
    static void start() throws Exception {
        express = NodeDriver.start("handler-driver.cjs", "chat", KEYS.primary(), KEYS.secondary());
        int port = express.await("listening").path("port").asInt();
        wps = LocalWebPubSub.start(new LocalWebPubSub.Options(0, KEYS, List.of(new HubSettings("chat",
                "http://127.0.0.1:" + port + "/eventhandler/{event}", "*",
                Set.of("connect", "connected", "disconnected"),
                true)), Duration.ofSeconds(5), LOG::add));
        sdk = new WebPubSubServiceClientBuilder().connectionString(wps.connectionString()).hub("chat").buildClient();
    }

    @AfterAll
    static void stop() {
        wps.close();
        express.close();
    }

    /**
     * The driver's next line of {@code event} for {@code user} (its {@code ?user=} on connect, else its userId); lines
     * of other tests' users are skipped.
     */
    static JsonNode await(NodeDriver driver, String event, String user) throws InterruptedException {
        return driver.await(n -> n.path("event").asText().equals(event) && user.equals(event.equals("connect")
                ? n.path("query").path("user").path(0).asText() : n.path("userId").asText()), Duration.ofSeconds(10));
    }

    @Test
    void aSimpleClient_connectsAsTheHandlersUser_andGetsItsAnswers() throws Exception {
        TestSocket ann = TestSocket.connect(wps.clientUrl("chat") + "?user=ann");
        JsonNode connect = await(express, "connect", "ann");
        assertThat(connect.path("signed").asBoolean()).isTrue();
        assertThat(connect.path("query").path("user").get(0).asText()).isEqualTo("ann");
        assertThat(connect.path("origin").asText()).isEqualTo(wps.webhookOrigin()).isEqualTo("127.0.0.1:" + wps.port());
        JsonNode connected = await(express, "connected", "ann");
        assertThat(connected.path("userId").asText()).isEqualTo("ann");
        assertThat(connected.path("signed").asBoolean()).isTrue();

        ann.send("hi");
        JsonNode event = await(express, "user", "ann");
        assertThat(event.path("name").asText()).isEqualTo("message");
        assertThat(event.path("dataType").asText()).isEqualTo("text");
        assertThat(event.path("data").asText()).isEqualTo("hi");
        assertThat(event.path("state").path("greeting").asText()).isEqualTo("hi ann");
        assertThat(event.path("signed").asBoolean()).isTrue();
        assertThat(ann.next()).isEqualTo("echo: hi");

        assertThat(sdk.userExistsWithResponse("ann", null).getValue()).isTrue();
        sdk.sendToGroup("lobby", "lobby news", WebPubSubContentType.TEXT_PLAIN);
        assertThat(ann.next()).isEqualTo("lobby news");

        ann.ws.sendClose(1000, "done").join();
        JsonNode gone = await(express, "disconnected", "ann");
        assertThat(gone.path("userId").asText()).isEqualTo("ann");
        assertThat(gone.path("signed").asBoolean()).isTrue();
    }

    @Test
    void abuseProtection_runsOnce_onTheTemplatesValidateUrl_withTheServicesHost() throws Exception {
        TestSocket.connect(wps.clientUrl("chat") + "?user=vic");
        await(express, "connected", "vic");
        TestSocket.connect(wps.clientUrl("chat") + "?user=val");
        await(express, "connected", "val");
        List<JsonNode> options = express.all(Duration.ofMillis(100)).stream()
                .filter(n -> n.path("event").asText().equals("options"))
                .filter(n -> n.path("origin").asText().equals("127.0.0.1:" + wps.port())).toList();
        assertThat(options).hasSize(1);
        assertThat(options.get(0).path("path").asText()).isEqualTo("/eventhandler/validate");
        assertThat(options.get(0).path("origin").asText()).isEqualTo("127.0.0.1:" + wps.port());
    }

    @Test
    void theHandlers401_refusesTheHandshake() throws Exception {
        assertThat(TestSocket.refusal(wps.clientUrl("chat") + "?user=")).isEqualTo(401);
        await(express, "connect", "");
        assertThat(LOG).anyMatch(l -> l.contains("refused with 401") && l.contains("connect event answered 401"));
    }

    @Test
    void aSubprotocolClientsEvent_isAnsweredAsAServerMessage_thenAcked() throws Exception {
        TestSocket bo = TestSocket.connect(wps.clientUrl("chat") + "?user=bo", "json.webpubsub.azure.v1");
        assertThat(bo.nextJson().path("userId").asText()).isEqualTo("bo");
        await(express, "connected", "bo");

        bo.send("{\"type\":\"event\",\"event\":\"greet\",\"dataType\":\"json\",\"data\":\"yo\",\"ackId\":5}");
        JsonNode event = await(express, "user", "bo");
        assertThat(event.path("name").asText()).isEqualTo("greet");
        assertThat(event.path("dataType").asText()).isEqualTo("json");
        JsonNode answer = bo.nextJson();
        assertThat(answer.path("from").asText()).isEqualTo("server");
        assertThat(answer.path("dataType").asText()).isEqualTo("text");
        assertThat(answer.path("data").asText()).isEqualTo("echo: yo");
        JsonNode ack = bo.nextJson();
        assertThat(ack.path("ackId").asInt()).isEqualTo(5);
        assertThat(ack.path("success").asBoolean()).isTrue();

        bo.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"text\",\"data\":\"role from connect\"}");
        JsonNode echo = bo.nextJson();
        assertThat(echo.path("group").asText()).isEqualTo("lobby");
        assertThat(echo.path("data").asText()).isEqualTo("role from connect");
        bo.send("{\"type\":\"sendToGroup\",\"group\":\"elsewhere\",\"dataType\":\"text\",\"data\":\"x\",\"ackId\":6}");
        assertThat(bo.nextJson().path("error").path("name").asText()).isEqualTo("Forbidden");
        bo.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":6}");
        assertThat(bo.nextJson().path("error").path("name").asText()).isEqualTo("Duplicate");
    }

    @Test
    void aConnectAnswerLaterThanTheTimeout_refusesTheHandshakeWith500() throws Exception {
        Queue<String> log = new ConcurrentLinkedQueue<>();
        try (LocalWebPubSub impatient = LocalWebPubSub.start(new LocalWebPubSub.Options(0, KEYS,
                List.of(new HubSettings("chat", wps.hub("chat").urlTemplate(), "*", Set.of("connect"), true)),
                Duration.ofMillis(300), log::add))) {
            long start = System.nanoTime();
            assertThat(TestSocket.refusal(impatient.clientUrl("chat") + "?user=slow")).isEqualTo(500);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
            assertThat(log).anyMatch(l -> l.contains("refused with 500: the connect event failed")
                    && l.contains("timed out"));
        }
    }

    @Test
    void aSubprotocolTheHandlerChooses_isAccepted_andItsClientIsASimpleOne() throws Exception {
        TestSocket flo = TestSocket.connect(wps.clientUrl("chat") + "?user=flo", "custom.v1");
        assertThat(flo.ws.getSubprotocol()).isEqualTo("custom.v1");
        assertThat(await(express, "connect", "flo").path("subprotocols").get(0).asText()).isEqualTo("custom.v1");
        flo.send("{\"type\":\"joinGroup\",\"group\":\"x\"}");
        JsonNode event = await(express, "user", "flo");
        assertThat(event.path("name").asText()).isEqualTo("message");
        assertThat(flo.next()).isEqualTo("echo: {\"type\":\"joinGroup\",\"group\":\"x\"}");
    }

    @Test
    void aFailingUserEvent_dropsTheClient_andDisconnectedFollows() throws Exception {
        TestSocket cy = TestSocket.connect(wps.clientUrl("chat") + "?user=cy");
        await(express, "connected", "cy");
        cy.send("fail");
        await(express, "user", "cy");
        assertThat(cy.next()).startsWith("close:1011");
        assertThat(await(express, "disconnected", "cy").path("userId").asText()).isEqualTo("cy");
        assertThat(sdk.userExistsWithResponse("cy", null).getValue()).isFalse();
    }

    @Test
    void eventsSignedWithOtherKeys_failTheHandlersSignatureCheck() throws Exception {
        AccessKeys other = AccessKeys.random();
        try (LocalWebPubSub stranger = LocalWebPubSub.start(new LocalWebPubSub.Options(0, other,
                List.of(new HubSettings("chat", wps.hub("chat").urlTemplate(), "*", Set.of("connect"), true)),
                Duration.ofSeconds(5), LOG::add))) {
            TestSocket.connect(stranger.clientUrl("chat") + "?user=dee");
            JsonNode connect = await(express, "connect", "dee");
            assertThat(connect.path("signed").asBoolean()).isFalse();
        }
    }

    @Test
    void aHandlerThatAllowsAnotherOrigin_getsNoEvents() throws Exception {
        Queue<String> log = new ConcurrentLinkedQueue<>();
        try (NodeDriver picky = NodeDriver.start("handler-driver.cjs", "chat", KEYS.primary(), KEYS.secondary(),
                "https://other.webpubsub.azure.com")) {
            int port = picky.await("listening").path("port").asInt();
            try (LocalWebPubSub guarded = LocalWebPubSub.start(new LocalWebPubSub.Options(0, KEYS,
                    List.of(new HubSettings("chat", "http://127.0.0.1:" + port + "/eventhandler/{event}", "*",
                            Set.of("connect"), true)), Duration.ofSeconds(5), log::add))) {
                assertThat(TestSocket.refusal(guarded.clientUrl("chat") + "?user=eve")).isEqualTo(500);
                assertThat(log).anyMatch(l -> l.startsWith("abuse protection:")
                        && l.contains("other.webpubsub.azure.com"));
                assertThat(picky.drain(Duration.ofMillis(300))).extracting(n -> n.path("event").asText())
                        .containsOnly("options");
            }
        }
    }
}
