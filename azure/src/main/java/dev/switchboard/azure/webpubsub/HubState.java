package dev.switchboard.azure.webpubsub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live state of one hub: its connections by id, and who is in which group and which connections a user has. A
 * group or a user exists while it has at least one connection (the REST API's existence checks answer so).
 */
final class HubState {
    private final Map<String, ClientConnection> connections = new HashMap<>();
    private final Map<String, Set<ClientConnection>> groups = new HashMap<>();
    private final Map<String, Set<ClientConnection>> users = new HashMap<>();

    synchronized void add(ClientConnection c) {
        connections.put(c.id, c);
        if (c.userId != null) {
            users.computeIfAbsent(c.userId, u -> new LinkedHashSet<>()).add(c);
        }
    }

    /** Removes a connection and its group memberships; false if it was gone already. */
    synchronized boolean remove(ClientConnection c) {
        if (connections.remove(c.id, c)) {
            for (String g : c.groups()) {
                leave(g, c);
            }
            if (c.userId != null) {
                Set<ClientConnection> mine = users.get(c.userId);
                if (mine != null && mine.remove(c) && mine.isEmpty()) {
                    users.remove(c.userId);
                }
            }
            return true;
        }
        return false;
    }

    synchronized ClientConnection connection(String id) {
        return connections.get(id);
    }

    synchronized List<ClientConnection> all() {
        return new ArrayList<>(connections.values());
    }

    synchronized List<ClientConnection> group(String g) {
        return new ArrayList<>(groups.getOrDefault(g, Set.of()));
    }

    synchronized List<ClientConnection> user(String u) {
        return new ArrayList<>(users.getOrDefault(u, Set.of()));
    }

    synchronized boolean groupExists(String g) {
        return groups.containsKey(g);
    }

    synchronized boolean userExists(String u) {
        return users.containsKey(u);
    }

    synchronized void join(String g, ClientConnection c) {
        if (connections.get(c.id) == c && c.addGroup(g)) {
            groups.computeIfAbsent(g, k -> new LinkedHashSet<>()).add(c);
        }
    }

    synchronized void leave(String g, ClientConnection c) {
        c.removeGroup(g);
        Set<ClientConnection> members = groups.get(g);
        if (members != null && members.remove(c) && members.isEmpty()) {
            groups.remove(g);
        }
    }
}
