package dev.switchboard.azure.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Room membership on Azurite's Table service: the counters under concurrent joins and leaves, and member pages. */
class MembershipsTest {
    static AzuriteProcess azurite;
    static Memberships memberships;

    @BeforeAll
    static void start() {
        azurite = AzuriteProcess.start();
        TableClient table = Tables.open(azurite.connectionString(), "memberships");
        memberships = new Memberships(table);
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void counters_underConcurrentJoinsAndLeaves_sumToTheMembers() throws Exception {
        // GIVEN 30 connections
        String room = "busy";
        List<Connection> cs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cs.add(new Connection("c" + i, "u" + i, 1000L + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            // WHEN all join at once, then ten of them leave at once
            List<Future<Boolean>> joins = new ArrayList<>();
            cs.forEach(c -> joins.add(pool.submit(() -> memberships.join(c, room))));
            for (Future<Boolean> f : joins) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(memberships.connectionCount(room)).isEqualTo(30);
            List<Future<Boolean>> leaves = new ArrayList<>();
            cs.subList(0, 10).forEach(c -> leaves.add(pool.submit(() -> memberships.leave(c.connectionId(),
                    c.userId(), room))));
            for (Future<Boolean> f : leaves) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // THEN the counters sum to the 20 left, and joining or leaving twice changes nothing
        assertThat(memberships.connectionCount(room)).isEqualTo(20);
        assertThat(memberships.join(cs.get(20), room)).isFalse();
        assertThat(memberships.leave("c0", "u0", room)).isFalse();
        assertThat(memberships.connectionCount(room)).isEqualTo(20);
    }

    @Test
    void page_listsEachUserOnce_andResumesAfterTheLastUser() {
        String room = "paged";
        memberships.join(new Connection("a1", "ann", 1), room);
        memberships.join(new Connection("a2", "ann", 2), room);
        memberships.join(new Connection("b1", "a/b#?", 3), room);
        memberships.join(new Connection("c1", "cy", 4), room);
        MemberPage first = memberships.page(room, null, 2);
        assertThat(first.users()).hasSize(2).doesNotHaveDuplicates();
        assertThat(first.more()).isTrue();
        MemberPage second = memberships.page(room, first.lastUser(), 2);
        assertThat(second.more()).isFalse();
        List<String> all = new ArrayList<>(first.users());
        all.addAll(second.users());
        assertThat(all).containsExactlyInAnyOrder("ann", "a/b#?", "cy");
        assertThat(memberships.connectionsOf(room, "ann")).extracting(Member::connectionId)
                .containsExactlyInAnyOrder("a1", "a2");
    }
}
