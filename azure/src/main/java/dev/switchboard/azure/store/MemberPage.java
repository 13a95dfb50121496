package dev.switchboard.azure.store;

import java.util.List;

/**
 * Members of a room read in user order.
 *
 * @param users   at most the page size of distinct user ids, in key order
 * @param members the member connections of those users
 * @param more    whether a further user follows the page
 */
public record MemberPage(List<String> users, List<Member> members, boolean more) {
    public MemberPage {
        users = List.copyOf(users);
        members = List.copyOf(members);
    }

    /** The last user of the page (the cursor's position), or null for an empty page. */
    public String lastUser() {
        return users.isEmpty() ? null : users.get(users.size() - 1);
    }
}
