package dev.switchboard.lambdas.store;

import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Room membership, member pages and presence (docs/protocol.md). Membership is per connection; a user with several
 * connections in a room is one member.
 *
 * <p>Convergence: a join writes its membership <em>before</em> it reads the room, and a leave deletes before it
 * reads, so of two concurrent joins at least one reads the other (each write precedes its own read). A join
 * announces the user when the joining connection is the user's earliest connection (by {@code connectedAt}, then id)
 * among those it reads: two tabs of one user joining together announce at least once (the earlier tab always does),
 * possibly twice (a harmless no-op for clients). A leave announces only when it reads no other connection of the
 * user. Presence is sent only in rooms of at most {@code presenceMaxMembers} users (counting the joining or leaving
 * user).
 *
 * <p>Bounded reads: a join or leave reads the room only until it has seen more than
 * {@code max(membersPageSize, presenceMaxMembers)} users (or {@code 3 × (that + 1)} items); a room that does not end
 * by then is big: no presence, and its count comes from the count buckets ({@link RoomCounts}).
 */
public class Rooms {
    /** Connection order for "the user's earliest connection": connection time, then connection id. */
    static final Comparator<Member> EARLIEST = Comparator.comparingLong(Member::connectedAt)
            .thenComparing(Member::connectionId);

    /** What a join did: the reply's count and first page, and the presence fan-out (null if none was due). */
    public record Joined(long count, List<String> members, String next, Broadcaster.Result presence) {
    }

    /** One page of member user ids and the cursor of the next one (null at the end). */
    public record Page(List<String> members, String next) {
    }

    private final ConnectionRepository repository;
    private final Broadcaster broadcaster;
    private final int presenceMaxMembers;
    private final int pageSize;
    private final MemberCursor cursors;

    public Rooms(ConnectionRepository repository, Broadcaster broadcaster, int presenceMaxMembers, int pageSize) {
        this.repository = repository;
        this.broadcaster = broadcaster;
        this.presenceMaxMembers = presenceMaxMembers;
        this.pageSize = pageSize;
        this.cursors = new MemberCursor(repository::cursorKey);
    }

    private int scanUsers() {
        return Math.max(pageSize, presenceMaxMembers);
    }

    private int scanItems() {
        return 3 * (scanUsers() + 1);
    }

    /** Adds {@code m} to {@code room} (idempotent), then reads the room and announces the user if due. */
    public Joined join(Member m, String room, long ttl) {
        repository.addMembership(m, room, ttl);
        ConnectionRepository.RoomPage seen = repository.roomPage(room, null, scanUsers(), scanItems(), true);
        Set<String> users = users(seen.members());
        users.add(m.userId());
        Page first = page(room, seen, pageSize);
        long count = seen.exhausted() ? users.size() : Math.max(users.size(), repository.countConnections(room));
        Broadcaster.Result presence = null;
        if (seen.exhausted() && users.size() <= presenceMaxMembers && earliestOfItsUser(m, seen.members())) {
            List<Member> others = seen.members().stream().filter(x -> !x.userId().equals(m.userId())).toList();
            presence = broadcaster.fanOut(others, Json.bytes(Frames.presence(room, m.userId(), "join")),
                    m.connectionId(), room);
        }
        return new Joined(count, first.members(), first.next(), presence);
    }

    /**
     * The page of {@code room}'s members after {@code cursor} (null: the first page), for a member of the room.
     *
     * @throws ProtocolException NOT_A_MEMBER when {@code m} is not in the room, MISSING_FIELD for a bad cursor
     */
    public Page members(Member m, String room, String cursor) {
        String after = cursor == null ? null : cursors.decode(room, cursor);
        if (!repository.isMember(m.connectionId(), room)) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "join room '" + room + "' before listing it");
        }
        return page(room, repository.roomPage(room, after, pageSize, 3 * (pageSize + 1), false), pageSize);
    }

    /**
     * Removes {@code m} from {@code room}, then tells the others if it read no other connection of the user there.
     *
     * @return the presence fan-out, or null if none was due
     * @throws ProtocolException NOT_A_MEMBER when the connection is not in the room
     */
    public Broadcaster.Result leave(Member m, String room) {
        if (!repository.removeMembership(m.connectionId(), room)) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "not a member of room '" + room + "'");
        }
        return presenceLeave(m, room);
    }

    /**
     * Removes a closed connection from all its rooms and deletes its record, then announces it where due. Every record
     * is deleted before any presence post, so posts that hang (or an invocation that dies) never leave records behind;
     * deletes that fail after the SDK's retries run again while the invocation has time ({@link CleanupRetry}).
     */
    public int disconnect(Member m) {
        List<String> left = new ArrayList<>();
        // the rooms left in a pass that failed later are kept, so that their presence still goes out
        CleanupRetry.untilDone(() -> {
            for (String room : repository.roomsOf(m.connectionId())) {
                if (repository.removeMembership(m.connectionId(), room)) {
                    left.add(room);
                }
            }
            repository.deleteConnection(m.connectionId());
            return null;
        });
        int fanOut = 0;
        for (String room : left) {
            Broadcaster.Result r = presenceLeave(m, room);
            fanOut += r == null ? 0 : r.recipients();
        }
        return fanOut;
    }

    private Broadcaster.Result presenceLeave(Member m, String room) {
        ConnectionRepository.RoomPage seen = repository.roomPage(room, null, scanUsers(), scanItems(), true);
        List<Member> after = seen.members().stream().filter(x -> !x.connectionId().equals(m.connectionId())).toList();
        Set<String> users = users(after);
        boolean userStillThere = users.contains(m.userId());
        users.add(m.userId());
        if (!seen.exhausted() || userStillThere || users.size() > presenceMaxMembers || after.isEmpty()) {
            return null;
        }
        return broadcaster.fanOut(after, Json.bytes(Frames.presence(room, m.userId(), "leave")), m.connectionId(),
                room);
    }

    /** Whether {@code m} is the earliest of its user's connections among {@code seen} (it is, if none is seen). */
    static boolean earliestOfItsUser(Member m, List<Member> seen) {
        return seen.stream().noneMatch(x -> x.userId().equals(m.userId())
                && !x.connectionId().equals(m.connectionId()) && EARLIEST.compare(x, m) < 0);
    }

    /**
     * The first {@code pageSize} distinct users of a read, and a cursor after the last connection that page used
     * when more members follow (the rest of the read, or the rest of the room).
     */
    Page page(String room, ConnectionRepository.RoomPage read, int pageSize) {
        Set<String> users = new LinkedHashSet<>();
        String lastUsed = null;
        boolean more = false;
        for (Member x : read.members()) {
            if (!users.contains(x.userId()) && users.size() >= pageSize) {
                more = true;
                break;
            }
            users.add(x.userId());
            lastUsed = x.connectionId();
        }
        if (!more && !read.exhausted()) {
            more = true;
            lastUsed = read.lastConnectionId();
        }
        return new Page(List.copyOf(users), more ? cursors.encode(room, lastUsed) : null);
    }

    private static Set<String> users(List<Member> members) {
        Set<String> users = new LinkedHashSet<>();
        members.forEach(x -> users.add(x.userId()));
        return users;
    }
}
