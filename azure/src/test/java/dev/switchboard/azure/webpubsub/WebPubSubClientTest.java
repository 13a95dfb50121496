package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Microsoft's JavaScript client ({@code @azure/web-pubsub-client} 1.1.0, azure/src/test/node/client-driver.cjs) on
 * both of its protocols joins a group with a token from the Java server SDK, receives what the SDK sends to the group
 * and sends to the group itself (seen by a second client through the JDK's WebSocket).
 */
class WebPubSubClientTest {
    static LocalWebPubSub wps;
    static WebPubSubServiceClient sdk;

    @BeforeAll
    static void start() {
        wps = LocalWebPubSub.start(LocalWebPubSub.Options.of(HubSettings.withoutHandler("chat")));
        sdk = new WebPubSubServiceClientBuilder().connectionString(wps.connectionString()).hub("chat").buildClient();
    }

    @AfterAll
    static void stop() {
        wps.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reliable", "json"})
    void theJsClient_joinsAGroup_receivesASend_andSendsToTheGroup(String protocol) throws Exception {
        String group = "room-" + protocol;
        String url = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("node-user")
                .addRole("webpubsub.joinLeaveGroup." + group).addRole("webpubsub.sendToGroup." + group)).getUrl();
        TestSocket watcher = TestSocket.connect(sdk.getClientAccessToken(new GetClientAccessTokenOptions()
                .setUserId("watcher").addGroup(group)).getUrl(), "json.webpubsub.azure.v1");
        assertThat(watcher.nextJson().path("event").asText()).isEqualTo("connected");

        try (NodeDriver node = NodeDriver.start("client-driver.cjs", url, group, protocol)) {
            JsonNode connected = node.await("connected");
            assertThat(connected.path("userId").asText()).isEqualTo("node-user");
            node.await("joined");

            JsonNode fromNode = watcher.nextJson();
            assertThat(fromNode.path("from").asText()).isEqualTo("group");
            assertThat(fromNode.path("fromUserId").asText()).isEqualTo("node-user");
            assertThat(fromNode.path("data").path("hello").asText()).isEqualTo("from node");
            node.await("sent");

            sdk.sendToGroup(group, "hello from the SDK", WebPubSubContentType.TEXT_PLAIN);
            JsonNode got = node.await("group-message");
            assertThat(got.path("group").asText()).isEqualTo(group);
            assertThat(got.path("data").asText()).isEqualTo("hello from the SDK");

            sdk.sendToUser("node-user", "{\"direct\":true}", WebPubSubContentType.APPLICATION_JSON);
            JsonNode direct = node.await("server-message");
            assertThat(direct.path("data").path("direct").asBoolean()).isTrue();
        }
    }

    @Test
    void theJsClient_withoutTheRole_isRefusedTheJoin() throws Exception {
        String url = sdk.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("no-roles")).getUrl();
        try (NodeDriver node = NodeDriver.start("client-driver.cjs", url, "closed-room", "json")) {
            node.await("connected");
            JsonNode error = node.await("error");
            assertThat(error.path("detail").path("name").asText()).isEqualTo("Forbidden");
            assertThat(error.path("detail").path("message").asText()).contains("closed-room");
        }
    }
}
