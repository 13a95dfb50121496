package dev.switchboard.azure.webpubsub;

/**
 * A WebSocket subprotocol the service speaks itself (concept-client-protocols): {@code json.webpubsub.azure.v1} and
 * {@code json.reliable.webpubsub.azure.v1}, which adds a {@code sequenceId} to each data message. Reconnection with
 * {@code awps_reconnection_token} and replay of unacknowledged messages are not emulated.
 */
enum Subprotocol {
    JSON("json.webpubsub.azure.v1", false), JSON_RELIABLE("json.reliable.webpubsub.azure.v1", true);

    final String wireName;
    private final boolean reliable;

    Subprotocol(String wireName, boolean reliable) {
        this.wireName = wireName;
        this.reliable = reliable;
    }

    boolean reliable() {
        return reliable;
    }

    static Subprotocol of(String name) {
        if (name == null) {
            return null;
        }
        for (Subprotocol s : values()) {
            if (s.wireName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
