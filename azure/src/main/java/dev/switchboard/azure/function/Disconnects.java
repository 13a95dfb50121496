package dev.switchboard.azure.function;

import dev.switchboard.azure.store.Connection;
import dev.switchboard.azure.store.ConnectionSlots;
import dev.switchboard.azure.store.Connections;
import dev.switchboard.azure.store.Memberships;
import dev.switchboard.lambdas.api.ProtocolException;
import java.util.Optional;

/**
 * The clean-up of a connection that ended ({@code azure.webpubsub.sys.disconnected}, which the service sends
 * "always ... when the client request completes if the connect event returns 2xx", reference-cloud-events.md), or
 * whose record outlived it: it leaves every room it joined, with presence {@code leave} where it was the user's last
 * connection, then its records and its slot go. Idempotent: a second clean-up of the same connection finds nothing.
 */
final class Disconnects {
    private final Connections connections;
    private final ConnectionSlots slots;
    private final Memberships memberships;
    private final Rooms rooms;

    Disconnects(Connections connections, ConnectionSlots slots, Memberships memberships, Rooms rooms) {
        this.connections = connections;
        this.slots = slots;
        this.memberships = memberships;
        this.rooms = rooms;
    }

    void cleanUp(String connectionId) {
        Optional<Connection> c = connections.get(connectionId);
        if (c.isEmpty()) {
            return;
        }
        for (String room : memberships.roomsOf(connectionId)) {
            try {
                rooms.leave(connectionId, c.get().userId(), room, false);
            } catch (ProtocolException alreadyGone) {
                // a concurrent leave took it first
            }
        }
        connections.remove(connectionId, c.get().userId());
        slots.release(c.get().userId(), connectionId);
    }
}
