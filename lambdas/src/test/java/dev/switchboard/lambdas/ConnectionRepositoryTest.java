package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectionRepositoryTest {
    static Harness h;
    static ConnectionRepository repo;

    @BeforeAll
    static void start() {
        h = new Harness();
        repo = h.context().repository();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Member member(String user) {
        return new Member(Harness.newConnectionId(), user, "eu-west-1", "https://abc.execute-api.eu-west-1.amazonaws.com/prod");
    }

    @Test
    void putConnection_isReadBackByIdAndByUser() {
        // GIVEN
        Member m = member("u-put");
        // WHEN
        repo.putConnection(m, 1_700_000_000_000L, 1_700_010_800L);
        // THEN
        Member stored = new Member(m.connectionId(), m.userId(), m.region(), m.callbackUrl(), 1_700_000_000_000L);
        assertThat(repo.connection(m.connectionId())).contains(stored);
        assertThat(repo.connectionsOfUser("u-put")).containsExactly(stored);
        assertThat(repo.connection("never-seen=")).isEmpty();
    }

    @Test
    void addMembership_isVisibleFromTheRoomAndTheConnection_andRemovalIsIdempotent() {
        // GIVEN two connections in a room
        Member a = member("u-a");
        Member b = member("u-b");
        repo.addMembership(a, "r-members", 1L);
        repo.addMembership(b, "r-members", 1L);
        repo.addMembership(a, "r-members", 1L);
        // THEN both are members, once each, and a knows its room
        assertThat(repo.roomMembers("r-members")).containsExactlyInAnyOrder(a, b);
        assertThat(repo.roomsOf(a.connectionId())).containsExactly("r-members");
        // WHEN a leaves twice
        repo.removeMembership(a.connectionId(), "r-members");
        repo.removeMembership(a.connectionId(), "r-members");
        // THEN only b remains
        assertThat(repo.roomMembers("r-members")).containsExactly(b);
        assertThat(repo.roomsOf(a.connectionId())).isEmpty();
    }

    @Test
    void roomMembers_readsEveryPageOfALargeRoom() {
        // GIVEN a room with more members than one 1 MB query page holds
        List<Member> all = new ArrayList<>();
        String bigUser = "u".repeat(2000);
        for (int i = 0; i < 560; i++) {
            Member m = new Member(Harness.newConnectionId(), bigUser + i, "us-east-1", "https://x/dev");
            repo.addMembership(m, "r-big", 1L);
            all.add(m);
        }
        // WHEN / THEN all are read
        assertThat(repo.roomMembers("r-big")).hasSize(560).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void purge_deletesRecordAndEveryMembership() {
        // GIVEN a connection in two rooms
        Member m = member("u-purge");
        repo.putConnection(m, 1L, 1L);
        repo.addMembership(m, "r-p1", 1L);
        repo.addMembership(m, "r-p2", 1L);
        // WHEN purged
        List<String> rooms = repo.purge(m.connectionId(), "r-p1");
        // THEN nothing of it is left
        assertThat(rooms).containsExactlyInAnyOrder("r-p1", "r-p2");
        assertThat(repo.connection(m.connectionId())).isEmpty();
        assertThat(repo.roomMembers("r-p1")).isEmpty();
        assertThat(repo.roomMembers("r-p2")).isEmpty();
        assertThat(repo.connectionsOfUser("u-purge")).isEmpty();
    }

    @Test
    void tryAcquire_allowsBurstPerWindow_thenRefuses_thenAllowsInTheNextWindow() {
        // GIVEN a connection and a window of 1000 ms with a burst of 3
        Member m = member("u-rate");
        repo.putConnection(m, 1L, 1L);
        long t = 5_000_000L;
        // WHEN / THEN three frames pass, the fourth does not
        assertThat(repo.tryAcquire(m.connectionId(), t, 1000, 3)).isTrue();
        assertThat(repo.tryAcquire(m.connectionId(), t + 10, 1000, 3)).isTrue();
        assertThat(repo.tryAcquire(m.connectionId(), t + 20, 1000, 3)).isTrue();
        assertThat(repo.tryAcquire(m.connectionId(), t + 30, 1000, 3)).isFalse();
        // AND the next window starts afresh
        assertThat(repo.tryAcquire(m.connectionId(), t + 1000, 1000, 3)).isTrue();
    }

    @Test
    void tryAcquire_underConcurrency_neverAllowsMoreThanTheBurst() throws Exception {
        // GIVEN a connection and 8 threads sending 10 frames each in one window
        Member m = member("u-race");
        repo.putConnection(m, 1L, 1L);
        long t = 9_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> {
                    int ok = 0;
                    for (int j = 0; j < 10; j++) {
                        ok += repo.tryAcquire(m.connectionId(), t, 60_000, 20) ? 1 : 0;
                    }
                    return ok;
                });
            }
            int allowed = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                allowed += f.get();
            }
            // THEN exactly the burst passed
            assertThat(allowed).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
    }
}
