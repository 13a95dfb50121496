package dev.switchboard.cost;

import static dev.switchboard.cost.WorkerSource.block;
import static dev.switchboard.cost.WorkerSource.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The per-action counts of {@link DurableObjectCalls}, tied to the Worker they price: each test reads the call sites
 * in {@code cloudflare/src/worker} (a fetch or an RPC method call on a Durable Object stub is a billed request,
 * https://developers.cloudflare.com/durable-objects/platform/pricing/: "Every RPC method call on a Durable Objects
 * stub is its own RPC session and therefore a single billed request") and fails when the Worker makes more or fewer
 * calls, or writes more or fewer rows, than the model charges.
 */
class DurableObjectCallsTest {
    private static final String INDEX = WorkerSource.read("cloudflare/src/worker/index.mjs");
    private static final String SHARD = WorkerSource.read("cloudflare/src/worker/shard.mjs");
    private static final String ROOM = WorkerSource.read("cloudflare/src/worker/room.mjs");
    private static final DurableObjectCalls CALLS = new DurableObjectCalls(64, 100, 100);
    /** A call on a Durable Object stub: {@code this.room(..).m(}, {@code SHARD.get(..).m(} or {@code stub.m(}. */
    private static final String STUB_CALL = "(this\\.room\\([^)]*\\)|SHARD\\.get\\(.*?\\)\\)|stub)\\.\\w+\\(";

    @Test
    void upgrade_isOneFetchFromTheWorkerToTheUsersShard() {
        // GIVEN the Worker's upgrade handler
        String upgrade = block(INDEX, "async function upgrade(");
        // WHEN the calls on Durable Object stubs in it are counted
        // THEN one (stub.fetch to the shard), as the model charges an upgrade without a room
        assertThat(count(upgrade, STUB_CALL)).isEqualTo(1);
        assertThat(upgrade).contains("stub.fetch(");
        assertThat(CALLS.upgrade(false, 2).calls()).isEqualTo(1);
        assertThat(CALLS.upgrade(false, 2).workerToShard()).isEqualTo(1);
    }

    @Test
    void send_isOneCallToTheRoomAndNoStorage_andTheRoomCallsEachShardWithMembersOnce() {
        // GIVEN the shard's send case and the room's fan-out
        String send = block(SHARD, "case \"send\":");
        String fanOut = block(ROOM, "async fanOut(");
        // THEN the shard calls its room once and touches no SQLite; the room maps its shard set to one deliver each
        assertThat(count(send, STUB_CALL)).isEqualTo(1);
        assertThat(send).doesNotContain("sql.exec");
        assertThat(fanOut).contains("[...this.shards.keys()].map(");
        assertThat(count(fanOut, "\\.deliver\\(")).isEqualTo(1);
        assertThat(fanOut).doesNotContain("sql.exec");
        DurableObjectCalls.Calls c = CALLS.send(11);
        assertThat(c.shardToRoom()).isEqualTo(1);
        assertThat(c.roomToShard()).isCloseTo(CALLS.shardsWithMembers(11), within(1e-12));
        assertThat(c.rowsRead() + c.rowsWritten()).isZero();
        assertThat(c.incomingMessages()).isEqualTo(1);
    }

    @Test
    void whisper_callsAnotherShardOnlyWhenTheTargetIsElsewhere() {
        // GIVEN the shard's whisper case: a local deliverToUser when the target hashes to the sender's shard
        String whisper = block(SHARD, "case \"whisper\":");
        assertThat(whisper).contains("target === a.s ? this.deliverToUser(");
        assertThat(count(whisper, STUB_CALL)).isEqualTo(1);
        // THEN the model charges the remote call with probability (S - 1) / S
        assertThat(CALLS.whisper().shardToShard()).isCloseTo(63 / 64d, within(1e-12));
        assertThat(new DurableObjectCalls(1, 100, 100).whisper().shardToShard()).isZero();
    }

    @Test
    void joinAndLeave_areOneCallToTheRoomAndOneRowEachSide_withPresenceToEachShardWithMembers() {
        // GIVEN the shard's joinRoom and leaveRoom, the room's join and leave
        String joinRoom = block(SHARD, "async joinRoom(");
        String leaveRoom = block(SHARD, "async leaveRoom(");
        String roomJoin = block(ROOM, "async join(");
        String roomLeave = block(ROOM, "async leave(");
        // THEN one call each from shard to room, one write statement on each side, presence through fanOut
        assertThat(count(joinRoom, STUB_CALL)).isEqualTo(1);
        assertThat(count(leaveRoom, STUB_CALL)).isEqualTo(1);
        assertThat(count(joinRoom, "sql\\.exec\\(\"INSERT")).isEqualTo(1);
        assertThat(count(leaveRoom, "sql\\.exec\\(\"DELETE")).isEqualTo(1);
        assertThat(count(roomJoin, "sql\\.exec\\(\"INSERT")).isEqualTo(1);
        assertThat(count(roomLeave, "sql\\.exec\\(\"DELETE")).isEqualTo(1);
        assertThat(roomJoin).contains("this.fanOut(");
        assertThat(roomLeave).contains("this.fanOut(");
        DurableObjectCalls.Calls join = CALLS.join(11);
        assertThat(join.shardToRoom()).isEqualTo(1);
        assertThat(join.roomToShard()).isCloseTo(CALLS.shardsWithMembers(11), within(1e-12));
        assertThat(CALLS.leave(11).shardToRoom()).isEqualTo(1);
        // above presenceMaxMembers no presence goes out, so no deliver calls
        assertThat(CALLS.join(101).roomToShard()).isZero();
        assertThat(CALLS.leave(101).roomToShard()).isZero();
    }

    @Test
    void rowsPerMembership_areTheTableAndItsIndexes_asTheSchemasDeclareThem() {
        // GIVEN the two SQLite schemas
        String shardSchema = sql(SHARD, "CREATE TABLE IF NOT EXISTS memberships");
        String roomSchema = sql(ROOM, "CREATE TABLE IF NOT EXISTS members");
        // WHEN the indexes are counted: a primary key on a rowid table is one index, each CREATE INDEX another
        int shardRows = 1 + count(shardSchema, "PRIMARY KEY") + count(shardSchema, "CREATE INDEX");
        int roomRows = 1 + count(roomSchema, "PRIMARY KEY") + count(roomSchema, "CREATE INDEX");
        // THEN the model's rows per membership row are those
        assertThat(DurableObjectCalls.SHARD_MEMBERSHIP_ROWS).isEqualTo(shardRows);
        assertThat(DurableObjectCalls.ROOM_MEMBER_ROWS).isEqualTo(roomRows);
        assertThat(CALLS.join(2).rowsWritten()).isEqualTo(shardRows + roomRows);
    }

    /** The SQL text of the template literal that starts with {@code start}. */
    private static String sql(String source, String start) {
        int at = source.indexOf(start);
        assertThat(at).as("'%s' in the Worker", start).isNotNegative();
        return source.substring(at, source.indexOf('`', at));
    }

    @Test
    void members_isOneCallToTheRoom() {
        String members = block(SHARD, "case \"members\":");
        assertThat(count(members, STUB_CALL)).isEqualTo(1);
        assertThat(CALLS.members(500).shardToRoom()).isEqualTo(1);
        assertThat(CALLS.members(500).rowsRead()).isEqualTo(101);
    }

    @Test
    void shardsWithMembers_isTheExpectedNumberOfDistinctShards() {
        // GIVEN users hashed uniformly onto S shards: E[distinct] = S (1 - (1 - 1/S)^m)
        // THEN one member is one shard, two on 64 shards are 1 + 63/64, and a room far larger than S reaches all
        assertThat(CALLS.shardsWithMembers(1)).isCloseTo(1, within(1e-12));
        assertThat(CALLS.shardsWithMembers(2)).isCloseTo(1 + 63 / 64d, within(1e-12));
        assertThat(CALLS.shardsWithMembers(10_000)).isCloseTo(64, within(1e-9));
        assertThat(new DurableObjectCalls(1, 100, 100).shardsWithMembers(10_000)).isEqualTo(1);
    }
}
