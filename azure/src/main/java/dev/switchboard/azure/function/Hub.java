package dev.switchboard.azure.function;

/**
 * What the handler asks of the Web PubSub service (its REST API, through the server SDK in production:
 * {@link SdkHub}). Rooms are Web PubSub groups of the hub.
 */
public interface Hub {
    /** Adds the connection to the group. */
    void addToGroup(String group, String connectionId);

    /** Removes the connection from the group (a connection not in it is fine). */
    void removeFromGroup(String group, String connectionId);

    /** Sends a text frame to every connection of the group but {@code excludedConnectionId} (may be null). */
    void sendToGroup(String group, String text, String excludedConnectionId);

    /** Sends a text frame to every connection of the user. */
    void sendToUser(String userId, String text);

    /** Sends a text frame to one connection. */
    void sendToConnection(String connectionId, String text);

    /** Whether the service still holds the connection. */
    boolean connectionExists(String connectionId);
}
