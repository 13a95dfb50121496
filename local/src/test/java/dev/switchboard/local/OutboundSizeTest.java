package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.devkit.LocalClients;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Outbound messages of 32-128 KB: PostToConnection data may be up to 131,072 bytes (the service model's limit, see
 * https://docs.aws.amazon.com/apigatewaymanagementapi/latest/APIReference/API_PostToConnection.html), and "a message
 * larger than 32 KB must be split into multiple frames, each 32 KB or smaller. This applies to @connections commands"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
 * So the local API sends them in frames of at most 32 KB, to clients with and without permessage-deflate, and answers
 * 200 only once the frames are written. Route responses (a two-way route's reply) go out the same way.
 */
class OutboundSizeTest {
    private static final int KB = 1024;
    private static Fixture f;
    private static ApiGatewayManagementApiClient sdk;

    @BeforeAll
    static void start() {
        f = new Fixture(Fixture.withTestRoutes(Fixture.referenceBlueprint()), LocalConfig.defaults());
        sdk = ApiGatewayManagementApiClient.builder().endpointOverride(f.gateway.callbackUrl())
                .region(LocalClients.REGION).credentialsProvider(LocalClients.DUMMY_CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        f.close();
    }

    private static String idOf(String user) {
        return f.connectionIdOf(user);
    }

    private static String data(int bytes) {
        return Fixture.message("post", bytes, true);
    }

    @Test
    void posts_of40K_100K_131072Bytes_reachWsClients_withAndWithoutDeflate() {
        for (boolean deflate : new boolean[]{false, true}) {
            String user = "out-ws-" + deflate;
            try (NodeWsClient ws = NodeWsClient.connect(f.uri(user), deflate)) {
                ws.awaitOpen();
                for (int size : new int[]{40 * KB, 100 * KB, 131_072}) {
                    String d = data(size);
                    sdk.postToConnection(r -> r.connectionId(idOf(user)).data(SdkBytes.fromUtf8String(d)));
                    JsonNode m = ws.await("message");
                    assertThat(m.path("length").asInt()).as("deflate=" + deflate + " size=" + size).isEqualTo(size);
                    assertThat(m.path("sha256").asText()).isEqualTo(RecordingHandler.sha256(d.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    @Test
    void post_of131072Bytes_reachesJettyAndJdkClients() {
        String d = data(131_072);
        try (JettyWsClient jetty = JettyWsClient.connect(f.uri("out-jetty"), true); WsClient jdk = f.connect("out-jdk")) {
            sdk.postToConnection(r -> r.connectionId(idOf("out-jetty")).data(SdkBytes.fromUtf8String(d)));
            sdk.postToConnection(r -> r.connectionId(idOf("out-jdk")).data(SdkBytes.fromUtf8String(d)));
            assertThat(jetty.next()).isEqualTo(d);
            assertThat(jdk.next()).isEqualTo(d);
        }
    }

    @Test
    void post_over32Kb_goesOutInFramesOfAtMost32Kb() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(f.uri("out-raw"))) {
            // multi-byte characters too: a frame boundary must not split one
            String d = data(70 * KB).substring(0, 60 * KB) + "é€😀".repeat(1000);
            sdk.postToConnection(r -> r.connectionId(idOf("out-raw")).data(SdkBytes.fromUtf8String(d)));
            List<RawWebSocket.WireFrame> frames = raw.readMessage();
            assertThat(frames).hasSizeGreaterThan(2);
            assertThat(frames).allMatch(fr -> fr.payload().length <= 32 * KB);
            assertThat(frames.get(0).opcode()).isEqualTo(1);
            assertThat(frames.subList(1, frames.size())).allMatch(fr -> fr.opcode() == 0);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (RawWebSocket.WireFrame fr : frames) {
                all.write(fr.payload());
            }
            assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo(d);
        }
    }

    /**
     * A write that fails is not a 200: a connection record whose WebSocket session has already gone (the window
     * between a client vanishing and the gateway noticing, made deterministic here by attaching a closed session)
     * answers 410 GoneException and logs why.
     */
    @Test
    void post_whoseWriteFails_isGoneException_not200() {
        org.eclipse.jetty.websocket.api.Session dead;
        try (WsClient c = f.connect("out-dead")) {
            dead = f.gateway.connections.get(idOf("out-dead")).session();
        }
        Fixture.await(java.time.Duration.ofSeconds(5), () -> !dead.isOpen(), "the session to close");
        Connection stale = new Connection(Ids.connectionId(), System.currentTimeMillis(), "127.0.0.1", null);
        stale.open();
        stale.attach(dead);
        f.gateway.connections.put(stale.id, stale);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sdk.postToConnection(r -> r.connectionId(stale.id)
                    .data(SdkBytes.fromUtf8String("never written"))))
                    .isInstanceOf(software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException.class);
        } finally {
            f.gateway.connections.remove(stale.id);
        }
    }

    @Test
    void twoWayReplyOf47Kb_isSent() {
        try (WsClient c = f.connect("out-reply")) {
            String m = Fixture.message("echo", 47 * KB, true);
            for (String part : Fixture.chunks(m.substring(0, m.length() - 1), 30 * KB)) {
                c.sendPartial(part, false);
            }
            c.sendPartial(m.substring(m.length() - 1), true);
            assertThat(c.next()).isEqualTo("echo:" + m);
        }
    }
}
