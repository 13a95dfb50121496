package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.util.ArrayList;
import java.util.List;
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
        repo.putConnection(m, 1_700_000_000_000L, Harness.ttl());
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
        repo.addMembership(a, "r-members", Harness.ttl());
        repo.addMembership(b, "r-members", Harness.ttl());
        repo.addMembership(a, "r-members", Harness.ttl());
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
    void roomMembers_readsEveryPageOfALargeRoom() throws Exception {
        // GIVEN a room with more members than one 1 MB query page holds, added eight at a time (each add is three
        // round trips to dynalite, which serves them concurrently)
        List<Member> all = new ArrayList<>();
        String bigUser = "u".repeat(2000);
        for (int i = 0; i < 560; i++) {
            all.add(new Member(Harness.newConnectionId(), bigUser + i, "us-east-1", "https://x/dev"));
        }
        ExecutorService adders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> added = new ArrayList<>();
            for (Member m : all) {
                added.add(adders.submit(() -> repo.addMembership(m, "r-big", Harness.ttl())));
            }
            for (Future<Boolean> a : added) {
                assertThat(a.get()).isTrue();
            }
        } finally {
            adders.shutdownNow();
        }
        // WHEN / THEN all are read
        assertThat(repo.roomMembers("r-big")).hasSize(560).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void purge_deletesRecordAndEveryMembership() {
        // GIVEN a connection in two rooms
        Member m = member("u-purge");
        repo.putConnection(m, 1L, Harness.ttl());
        repo.addMembership(m, "r-p1", Harness.ttl());
        repo.addMembership(m, "r-p2", Harness.ttl());
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
    void countConnections_followsNewMembershipsOnly_andAnEmptiedRoomLeavesNoBucket() {
        // GIVEN two connections joining (one twice)
        Member a = member("u-count-a");
        Member b = member("u-count-b");
        repo.addMembership(a, "r-count", Harness.ttl());
        repo.addMembership(a, "r-count", Harness.ttl());
        repo.addMembership(b, "r-count", Harness.ttl());
        // THEN the retry did not count twice
        assertThat(repo.countConnections("r-count")).isEqualTo(2);
        // WHEN both leave (one twice)
        repo.removeMembership(a.connectionId(), "r-count");
        repo.removeMembership(a.connectionId(), "r-count");
        repo.removeMembership(b.connectionId(), "r-count");
        // THEN the count is zero and the room's partition is empty
        assertThat(repo.countConnections("r-count")).isZero();
        assertThat(h.dynamo.query(r -> r.tableName(h.table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(java.util.Map.of(":pk",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ROOM#r-count"))))
                .items()).isEmpty();
    }
}
