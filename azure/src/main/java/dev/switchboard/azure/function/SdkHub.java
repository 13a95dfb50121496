package dev.switchboard.azure.function;

import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;

/**
 * {@link Hub} over Web PubSub's REST API with the Java server SDK ({@code com.azure:azure-messaging-webpubsub},
 * on the JDK's HTTP client): group sends with {@code excluded} connection ids, user sends, group membership,
 * connection existence. Frames go as {@code text/plain}, which plain WebSocket clients receive as text frames.
 */
public final class SdkHub implements Hub {
    private final WebPubSubServiceClient client;

    /** A client of {@code hub} for the service of the connection string; built once per function instance. */
    public SdkHub(String connectionString, String hub) {
        this(new WebPubSubServiceClientBuilder().connectionString(connectionString).hub(hub).buildClient());
    }

    SdkHub(WebPubSubServiceClient client) {
        this.client = client;
    }

    @Override
    public void addToGroup(String group, String connectionId) {
        client.addConnectionToGroupWithResponse(group, connectionId, new RequestOptions());
    }

    @Override
    public void removeFromGroup(String group, String connectionId) {
        client.removeConnectionFromGroupWithResponse(group, connectionId, new RequestOptions());
    }

    @Override
    public void sendToGroup(String group, String text, String excludedConnectionId) {
        RequestOptions options = new RequestOptions();
        if (excludedConnectionId != null) {
            options.addQueryParam("excluded", excludedConnectionId);
        }
        BinaryData body = BinaryData.fromString(text);
        client.sendToGroupWithResponse(group, body, WebPubSubContentType.TEXT_PLAIN, body.getLength(), options);
    }

    @Override
    public void sendToUser(String userId, String text) {
        BinaryData body = BinaryData.fromString(text);
        client.sendToUserWithResponse(userId, body, WebPubSubContentType.TEXT_PLAIN, body.getLength(),
                new RequestOptions());
    }

    @Override
    public void sendToConnection(String connectionId, String text) {
        BinaryData body = BinaryData.fromString(text);
        client.sendToConnectionWithResponse(connectionId, body, WebPubSubContentType.TEXT_PLAIN, body.getLength(),
                new RequestOptions());
    }

    @Override
    public boolean connectionExists(String connectionId) {
        return client.connectionExistsWithResponse(connectionId, new RequestOptions()).getValue();
    }
}
