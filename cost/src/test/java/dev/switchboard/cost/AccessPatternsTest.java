package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessPatternsTest {

    @Test
    void itemBytes_countsNamesStringsAndNumbers() {
        // GIVEN "pk" = "ab" (2 + 2) and "n" = 123 (1 + 3 digits -> 2 bytes + 1)
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", "ab");
        item.put("n", 123L);
        // WHEN / THEN
        assertThat(AccessPatterns.itemBytes(item)).isEqualTo(8);
    }

    @Test
    void membershipItem_isSizedFromTheSchema() {
        // GIVEN pk 2+21, sk 2+21, connectionId 12+16, userId 6+36, room 4+16, region 6+14, callbackUrl 11+67, ttl 3+3
        // WHEN / THEN
        assertThat(AccessPatterns.reference(false).membershipItemBytes()).isEqualTo(240);
        assertThat(AccessPatterns.reference(false).connectionItemBytes()).isBetween(240, 1024);
    }

    @Test
    void send_toARoomOf100_readsSixBlocksOf4Kb() {
        // GIVEN 100 members x 240 bytes = 24,000 bytes = 6 blocks of 4 KB
        // WHEN
        AccessPatterns.Units eventual = AccessPatterns.reference(false).send(100);
        AccessPatterns.Units strong = AccessPatterns.reference(true).send(100);
        // THEN half a unit per block eventually consistent, one strongly; the rate limit costs one write unit (protocol
        // v2), on an item outside the byUser index
        assertThat(eventual.reads()).isEqualTo(3.0);
        assertThat(strong.reads()).isEqualTo(6.0);
        assertThat(strong.failedWrites()).isZero();
        assertThat(strong.tableWrites()).isEqualTo(1);
        assertThat(strong.indexWrites()).isZero();
    }

    @Test
    void disconnect_withoutRooms_paysOnlyTheMembershipQueryAndTheDeletes() {
        // GIVEN a connection that joined nothing
        // WHEN
        AccessPatterns.Units u = AccessPatterns.reference(true).disconnect(0, 1);
        // THEN a Query that returns nothing (its minimum, 1) and no record read (the user comes with the event); the
        // deletes of the record (1 + 1 index) and of its rate-limit item (1)
        assertThat(u.reads()).isEqualTo(1);
        assertThat(u.tableWrites()).isEqualTo(2);
        assertThat(u.indexWrites()).isEqualTo(1);
    }
}
