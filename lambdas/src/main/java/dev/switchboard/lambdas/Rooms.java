package dev.switchboard.lambdas;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Room membership and presence. Membership is per connection; a user with several connections in a room is one
 * member. Presence {@code join} goes to the other members on the user's first connection in the room, {@code leave}
 * on the last, and only in rooms with at most {@code presenceMaxMembers} distinct users (counting the joining or
 * leaving user); it is quadratic otherwise.
 */
public class Rooms {
    /** What a join did. */
    public record Joined(List<String> members, Broadcaster.Result presence) {
    }

    private final ConnectionRepository repository;
    private final Broadcaster broadcaster;
    private final int presenceMaxMembers;

    public Rooms(ConnectionRepository repository, Broadcaster broadcaster, int presenceMaxMembers) {
        this.repository = repository;
        this.broadcaster = broadcaster;
        this.presenceMaxMembers = presenceMaxMembers;
    }

    /** Adds {@code m} to {@code room} (idempotent) and tells the others if the user is new there. */
    public Joined join(Member m, String room, long ttl) {
        List<Member> before = repository.roomMembers(room);
        repository.addMembership(m, room, ttl);
        boolean userWasThere = before.stream().anyMatch(x -> x.userId().equals(m.userId()));
        Set<String> users = new LinkedHashSet<>();
        before.forEach(x -> users.add(x.userId()));
        users.add(m.userId());
        Broadcaster.Result presence = null;
        if (!userWasThere && users.size() <= presenceMaxMembers) {
            presence = broadcaster.fanOut(before, Json.bytes(Frames.presence(room, m.userId(), "join")),
                    m.connectionId(), room);
        }
        return new Joined(List.copyOf(users), presence);
    }

    /**
     * Removes {@code m} from {@code room} and tells the others if it was the user's last connection there.
     *
     * @return the presence fan-out (null if none was due), or an empty optional result if {@code m} was no member
     * @throws ProtocolException NOT_A_MEMBER when the connection is not in the room
     */
    public Broadcaster.Result leave(Member m, String room) {
        List<Member> before = repository.roomMembers(room);
        if (before.stream().noneMatch(x -> x.connectionId().equals(m.connectionId()))) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "not a member of room '" + room + "'");
        }
        repository.removeMembership(m.connectionId(), room);
        return presenceLeave(m, room, before);
    }

    /** Removes a closed connection from all its rooms, with presence where due, then deletes its record. */
    public int disconnect(Member m) {
        int fanOut = 0;
        for (String room : repository.roomsOf(m.connectionId())) {
            List<Member> before = repository.roomMembers(room);
            repository.removeMembership(m.connectionId(), room);
            Broadcaster.Result r = presenceLeave(m, room, before);
            fanOut += r == null ? 0 : r.recipients();
        }
        repository.deleteConnection(m.connectionId());
        return fanOut;
    }

    private Broadcaster.Result presenceLeave(Member m, String room, List<Member> before) {
        List<Member> after = before.stream().filter(x -> !x.connectionId().equals(m.connectionId())).toList();
        boolean userStillThere = after.stream().anyMatch(x -> x.userId().equals(m.userId()));
        long users = before.stream().map(Member::userId).distinct().count();
        if (userStillThere || users > presenceMaxMembers || after.isEmpty()) {
            return null;
        }
        return broadcaster.fanOut(after, Json.bytes(Frames.presence(room, m.userId(), "leave")), m.connectionId(), room);
    }
}
