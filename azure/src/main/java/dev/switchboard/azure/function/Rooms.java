package dev.switchboard.azure.function;

import dev.switchboard.azure.store.Connection;
import dev.switchboard.azure.store.Member;
import dev.switchboard.azure.store.MemberCursors;
import dev.switchboard.azure.store.MemberPage;
import dev.switchboard.azure.store.Memberships;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.lambdas.api.ErrorCode;
import dev.switchboard.lambdas.api.Frames;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ProtocolException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins, leaves and member pages with presence, as docs/protocol.md defines them, on Table Storage and Web PubSub
 * groups. A join writes the membership, adds the connection to the group, then reads the room and announces the user
 * to the others (excluding the joining connection) when the room has at most {@code presenceMaxMembers} users and this
 * is the user's earliest connection among those read; a leave deletes first, then reads, and announces the user's
 * leave when no other connection of the user is in the room.
 */
final class Rooms {
    private final Memberships memberships;
    private final MemberCursors cursors;
    private final Hub hub;
    private final Limits limits;

    Rooms(Memberships memberships, MemberCursors cursors, Hub hub, Limits limits) {
        this.memberships = memberships;
        this.cursors = cursors;
        this.hub = hub;
        this.limits = limits;
    }

    /** What a join answers: the room's user count, the first page and its cursor (null when none follows). */
    record Joined(long count, List<String> members, String next) {
    }

    /** What a page answers. */
    record Page(List<String> members, String next) {
    }

    /**
     * Joins {@code c} to {@code room}.
     *
     * @param addToGroup false on {@code connect}, where the answer's {@code groups} adds the connection (it does not
     *                   exist yet for the REST API)
     */
    Joined join(Connection c, String room, boolean addToGroup) {
        memberships.join(c, room);
        if (addToGroup) {
            hub.addToGroup(room, c.connectionId());
        }
        int readUsers = Math.max(limits.membersPageSize(), limits.presenceMaxMembers());
        MemberPage read = memberships.page(room, null, readUsers);
        long count = read.more() ? memberships.connectionCount(room) : read.users().size();
        if (!read.more() && read.users().size() <= limits.presenceMaxMembers() && speaksFor(c, read.members())) {
            hub.sendToGroup(room, Json.write(Frames.presence(room, c.userId(), "join")), c.connectionId());
        }
        List<String> shown = read.users().subList(0, Math.min(limits.membersPageSize(), read.users().size()));
        boolean more = read.more() || read.users().size() > shown.size();
        return new Joined(count, new ArrayList<>(shown), more ? cursors.seal(room, shown.get(shown.size() - 1)) : null);
    }

    /**
     * Removes the connection from the room.
     *
     * @param removeFromGroup false on disconnect (the service has dropped the connection and its groups)
     * @throws ProtocolException NOT_A_MEMBER when the connection is not in the room
     */
    void leave(String connectionId, String userId, String room, boolean removeFromGroup) {
        if (!memberships.leave(connectionId, userId, room)) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "not a member of room '" + room + "'");
        }
        if (removeFromGroup) {
            hub.removeFromGroup(room, connectionId);
        }
        if (!memberships.connectionsOf(room, userId).isEmpty()) {
            return;
        }
        MemberPage rest = memberships.page(room, null, limits.presenceMaxMembers());
        if (!rest.more() && rest.users().size() + 1 <= limits.presenceMaxMembers() && !rest.users().isEmpty()) {
            hub.sendToGroup(room, Json.write(Frames.presence(room, userId, "leave")), null);
        }
    }

    /**
     * The page after {@code cursor} (null: the first page).
     *
     * @throws ProtocolException NOT_A_MEMBER when the connection is not in the room, MISSING_FIELD for a cursor this
     *                           server did not issue for this room
     */
    Page members(String connectionId, String room, String cursor) {
        if (!memberships.isMember(connectionId, room)) {
            throw new ProtocolException(ErrorCode.NOT_A_MEMBER, "join room '" + room + "' before listing it");
        }
        String after = null;
        if (cursor != null) {
            after = cursors.open(room, cursor);
            if (after == null) {
                throw ProtocolException.missing("cursor", "the 'next' string of a joined or members reply");
            }
        }
        MemberPage p = memberships.page(room, after, limits.membersPageSize());
        return new Page(p.users(), p.more() ? cursors.seal(room, p.lastUser()) : null);
    }

    /** Whether {@code c} is its user's earliest connection (by connection time, then id) among {@code read}. */
    private static boolean speaksFor(Connection c, List<Member> read) {
        return read.stream().filter(m -> m.userId().equals(c.userId()))
                .min(Comparator.comparingLong(Member::connectedAt).thenComparing(Member::connectionId))
                .map(m -> m.connectionId().equals(c.connectionId()))
                .orElse(true);
    }
}
