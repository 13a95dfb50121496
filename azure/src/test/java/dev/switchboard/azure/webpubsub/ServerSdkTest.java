package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.azure.messaging.webpubsub.models.WebPubSubPermission;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's Java server SDK ({@code com.azure:azure-messaging-webpubsub} 1.4.0, built from the emulation's
 * connection string) drives the REST API: each call fails in the SDK unless the route and the exact status it expects
 * (its {@code @ExpectedResponses}) are right, and what it sends must reach real WebSocket clients.
 */
class ServerSdkTest {
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

    /** A subprotocol client connected with an SDK token; returns it after its connected message. */
    static Client client(String user, String... groups) throws Exception {
        GetClientAccessTokenOptions o = new GetClientAccessTokenOptions().setUserId(user);
        for (String g : groups) {
            o.addGroup(g);
        }
        TestSocket s = TestSocket.connect(sdk.getClientAccessToken(o).getUrl(), "json.webpubsub.azure.v1");
        JsonNode hello = s.nextJson();
        assertThat(hello.path("event").asText()).isEqualTo("connected");
        assertThat(hello.path("userId").asText()).isEqualTo(user);
        return new Client(s, hello.path("connectionId").asText());
    }

    record Client(TestSocket socket, String id) {
    }

    @Test
    void sendToGroup_reachesMembersButNotExcludedOnes() throws Exception {
        Client a = client("alice", "room");
        Client b = client("bob", "room");
        Client outsider = client("carol");

        sdk.sendToGroup("room", "hello room", WebPubSubContentType.TEXT_PLAIN);
        for (Client c : List.of(a, b)) {
            JsonNode m = c.socket().nextJson();
            assertThat(m.path("type").asText()).isEqualTo("message");
            assertThat(m.path("from").asText()).isEqualTo("group");
            assertThat(m.path("group").asText()).isEqualTo("room");
            assertThat(m.path("dataType").asText()).isEqualTo("text");
            assertThat(m.path("data").asText()).isEqualTo("hello room");
        }

        RequestOptions excludeB = new RequestOptions().addQueryParam("excluded", b.id());
        sdk.sendToGroupWithResponse("room", BinaryData.fromString("{\"n\":2}"), WebPubSubContentType.APPLICATION_JSON,
                7, excludeB);
        JsonNode m = a.socket().nextJson();
        assertThat(m.path("dataType").asText()).isEqualTo("json");
        assertThat(m.path("data").path("n").asInt()).isEqualTo(2);
        assertThat(b.socket().quiet(300)).isNull();
        assertThat(outsider.socket().quiet(1)).isNull();
    }

    @Test
    void sendToUserAndConnection_andExistence() throws Exception {
        Client d1 = client("dave");
        Client d2 = client("dave");
        Client e = client("erin");

        sdk.sendToUser("dave", "for dave", WebPubSubContentType.TEXT_PLAIN);
        assertThat(d1.socket().nextJson().path("data").asText()).isEqualTo("for dave");
        assertThat(d2.socket().nextJson().path("data").asText()).isEqualTo("for dave");
        sdk.sendToConnection(e.id(), "for erin", WebPubSubContentType.TEXT_PLAIN);
        JsonNode m = e.socket().nextJson();
        assertThat(m.path("from").asText()).isEqualTo("server");
        assertThat(m.path("data").asText()).isEqualTo("for erin");

        assertThat(sdk.userExistsWithResponse("dave", null).getValue()).isTrue();
        assertThat(sdk.userExistsWithResponse("nobody", null).getValue()).isFalse();
        assertThat(sdk.connectionExistsWithResponse(e.id(), null).getValue()).isTrue();
        assertThat(sdk.connectionExistsWithResponse("no-such-id", null).getValue()).isFalse();
        assertThat(sdk.groupExistsWithResponse("dave-group", null).getValue()).isFalse();

        sdk.addUserToGroupWithResponse("dave-group", "dave", null);
        assertThat(sdk.groupExistsWithResponse("dave-group", null).getValue()).isTrue();
        sdk.removeConnectionFromGroupWithResponse("dave-group", d1.id(), null);
        sdk.sendToGroup("dave-group", "only d2", WebPubSubContentType.TEXT_PLAIN);
        assertThat(d2.socket().nextJson().path("data").asText()).isEqualTo("only d2");
        assertThat(d1.socket().quiet(300)).isNull();
        sdk.removeUserFromAllGroupsWithResponse("dave", null);
        assertThat(sdk.groupExistsWithResponse("dave-group", null).getValue()).isFalse();

        sdk.addConnectionToGroupWithResponse("erin-group", e.id(), null);
        assertThat(sdk.groupExistsWithResponse("erin-group", null).getValue()).isTrue();
        sdk.removeConnectionFromAllGroupsWithResponse(e.id(), null);
        assertThat(sdk.groupExistsWithResponse("erin-group", null).getValue()).isFalse();
        assertThatThrownBy(() -> sdk.addConnectionToGroupWithResponse("erin-group", "no-such-id", null))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void closeConnectionUserAndGroup_closesTheSockets() throws Exception {
        Client f = client("frank");
        Client g1 = client("gina", "closing");
        Client g2 = client("gina");
        Client h = client("hank", "closing");

        sdk.closeConnectionWithResponse(f.id(), new RequestOptions().addQueryParam("reason", "bye frank"));
        assertThat(f.socket().nextJson().path("message").asText()).isEqualTo("bye frank");
        assertThat(f.socket().next()).startsWith("close:1000");
        assertThat(sdk.connectionExistsWithResponse(f.id(), null).getValue()).isFalse();

        sdk.closeUserConnectionsWithResponse("gina", null);
        assertThat(g1.socket().nextJson().path("event").asText()).isEqualTo("disconnected");
        assertThat(g2.socket().nextJson().path("event").asText()).isEqualTo("disconnected");
        assertThat(sdk.userExistsWithResponse("gina", null).getValue()).isFalse();

        sdk.closeGroupConnectionsWithResponse("closing", null);
        assertThat(h.socket().nextJson().path("event").asText()).isEqualTo("disconnected");
        assertThat(sdk.groupExistsWithResponse("closing", null).getValue()).isFalse();
    }

    @Test
    void permissions_grantCheckRevoke_gateTheSubprotocol() throws Exception {
        Client i = client("ivy");
        i.socket().send("{\"type\":\"joinGroup\",\"group\":\"vip\",\"ackId\":1}");
        JsonNode refused = i.socket().nextJson();
        assertThat(refused.path("success").asBoolean()).isFalse();
        assertThat(refused.path("error").path("name").asText()).isEqualTo("Forbidden");

        RequestOptions vip = new RequestOptions().addQueryParam("targetName", "vip");
        sdk.grantPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, i.id(), vip);
        assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, i.id(), vip).getValue())
                .isTrue();
        assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.SEND_TO_GROUP, i.id(), vip).getValue())
                .isFalse();
        i.socket().send("{\"type\":\"joinGroup\",\"group\":\"vip\",\"ackId\":2}");
        assertThat(i.socket().nextJson().path("success").asBoolean()).isTrue();
        assertThat(sdk.groupExistsWithResponse("vip", null).getValue()).isTrue();

        sdk.revokePermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, i.id(), vip);
        assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, i.id(), vip).getValue())
                .isFalse();
    }

    @Test
    void anODataFilter_isRefusedWith400_namingTheLimitation() {
        assertThatThrownBy(() -> sdk.addConnectionsToGroups(List.of("g"), "userId eq 'x'"))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("not supported by this emulation");
                });
    }

    @Test
    void tokensFromTheSdk_signedWithTheSecondaryKey_areAccepted() throws Exception {
        WebPubSubServiceClient secondary = new WebPubSubServiceClientBuilder()
                .connectionString(wps.secondaryConnectionString()).hub("chat").buildClient();
        String url = secondary.getClientAccessToken(new GetClientAccessTokenOptions().setUserId("rotated")).getUrl();
        TestSocket s = TestSocket.connect(url, "json.webpubsub.azure.v1");
        assertThat(s.nextJson().path("userId").asText()).isEqualTo("rotated");
        assertThat(secondary.userExistsWithResponse("rotated", null).getValue()).isTrue();
    }

    @Test
    void aClientOfAnotherServiceKey_isRefused() {
        WebPubSubServiceClient stranger = new WebPubSubServiceClientBuilder()
                .connectionString("Endpoint=" + wps.endpoint() + ";AccessKey=" + AccessKeys.random().primary()
                        + ";Version=1.0;").hub("chat").buildClient();
        assertThatThrownBy(() -> stranger.sendToAll("x", WebPubSubContentType.TEXT_PLAIN))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
    }

    @Test
    void aBodyOverOneMegabyte_isRefusedWith413() throws Exception {
        Client j = client("jay");
        byte[] big = new byte[LocalWebPubSub.MESSAGE_MAX + 1];
        assertThatThrownBy(() -> sdk.sendToAllWithResponse(BinaryData.fromBytes(big),
                WebPubSubContentType.APPLICATION_OCTET_STREAM, big.length, null))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(413));
        assertThat(j.socket().quiet(200)).isNull();

        byte[] limit = new byte[LocalWebPubSub.MESSAGE_MAX];
        sdk.sendToConnectionWithResponse(j.id(), BinaryData.fromBytes(limit),
                WebPubSubContentType.APPLICATION_OCTET_STREAM, limit.length, null);
        JsonNode m = j.socket().nextJson();
        assertThat(m.path("dataType").asText()).isEqualTo("binary");
        assertThat(java.util.Base64.getDecoder().decode(m.path("data").asText())).hasSize(LocalWebPubSub.MESSAGE_MAX);
    }
}
