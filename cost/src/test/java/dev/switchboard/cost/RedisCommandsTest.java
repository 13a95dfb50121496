package dev.switchboard.cost;

import static dev.switchboard.cost.WorkerSource.block;
import static dev.switchboard.cost.WorkerSource.count;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The per-action counts of {@link RedisCommands}, tied to the function they price: each test reads the call sites in
 * {@code vercel/src/function} (a {@code this.redis.} call is one command, a defined Lua script one EVALSHA, a
 * {@code multi()} its commands plus MULTI and EXEC) and fails when the function sends Redis more or fewer commands
 * than the model charges. Upstash bills every command, SUBSCRIBE and UNSUBSCRIBE included
 * (https://upstash.com/docs/realtime/overall/pricing counts them as commands).
 */
class RedisCommandsTest {
    private static final String STORE = WorkerSource.read("vercel/src/function/store.mjs");
    private static final String CONNECTIONS = WorkerSource.read("vercel/src/function/connections.mjs");
    private static final String SWEEPER = WorkerSource.read("vercel/src/function/sweeper.mjs");
    private static final RedisCommands REDIS = new RedisCommands(100);
    /** One command sent by the store: a {@code this.redis.x(} call that is not a {@code multi()}. */
    private static final String STORE_CALL = "this\\.redis\\.(?!multi)\\w+\\(";

    @Test
    void send_isTheRateLimitAndOnePublishScript() {
        // GIVEN the send case and what it calls in the store
        String handle = block(CONNECTIONS, "async handle(");
        String send = block(CONNECTIONS, "case \"send\":");
        // THEN every counted frame passes admit first (one sbAdmit), and the send makes one store call
        assertThat(handle).contains("if (RATE_LIMITED_ACTIONS.has(action)) await this.admit(c);");
        assertThat(block(STORE, "async admit(")).contains("this.redis.sbAdmit(");
        assertThat(count(send, "this\\.store\\.\\w+\\(")).isEqualTo(1);
        assertThat(send).contains("this.store.publishToRoom(");
        assertThat(count(block(STORE, "publishToRoom("), STORE_CALL)).isEqualTo(1);
        assertThat(REDIS.send()).isEqualTo(2);
    }

    @Test
    void handshake_subscribesToTheUser_andRegistersTheConnection_withTwoCommands() {
        // GIVEN prepare and the store's connected
        String prepare = block(CONNECTIONS, "async prepare(");
        String connected = block(STORE, "async connected(");
        // THEN one SUBSCRIBE (holdUser) and store.connected, which sends sbConnect and an SADD
        assertThat(prepare).contains("await this.bus.holdUser(user);").contains("this.store.connected(");
        assertThat(count(connected, STORE_CALL)).isEqualTo(2);
        assertThat(REDIS.handshake()).isEqualTo(1 + 2);
    }

    @Test
    void join_recordsTheRoom_subscribes_runsTheJoinScript_andAnnouncesPresence() {
        // GIVEN the connection's join and the join frame
        String join = block(CONNECTIONS, "async join(");
        String joinFrame = block(CONNECTIONS, "case \"join\":");
        // THEN roomHeld (an SADD), holdRoom (SUBSCRIBE), store.join (the sbJoin script), the presence publish
        assertThat(join).contains("this.store.roomHeld(").contains("this.bus.holdRoom(").contains("this.store.join(")
                .contains("this.store.publishToRoom(");
        assertThat(count(join, "this\\.store\\.\\w+\\(")).isEqualTo(3);
        assertThat(count(block(STORE, "roomHeld("), STORE_CALL)).isEqualTo(1);
        assertThat(count(block(STORE, "async join("), STORE_CALL)).isEqualTo(1);
        // AND a join frame reads the first members page (one ZRANGEBYLEX) after the rate limit
        assertThat(joinFrame).contains("this.join(").contains("this.page(room, null)");
        assertThat(count(block(STORE, "async page("), STORE_CALL)).isEqualTo(1);
        assertThat(REDIS.join(3, false)).isEqualTo(1 + 1 + 1 + 1);
        assertThat(REDIS.join(3, true)).isEqualTo(4 + 1 + 1);
        assertThat(REDIS.join(101, false)).as("no presence above presenceMaxMembers").isEqualTo(3);
    }

    @Test
    void close_unsubscribes_leavesEachRoom_andRemovesTheConnectionInOneTransaction() {
        // GIVEN close, leave, announceLeave and the store's disconnected
        String close = block(CONNECTIONS, "async close(");
        String announce = block(CONNECTIONS, "async announceLeave(");
        String disconnected = block(STORE, "disconnected(");
        // THEN releaseUser (UNSUBSCRIBE), per room leave -> forgetRoom (UNSUBSCRIBE) and announceLeave (sbLeave and
        // the presence publish), then MULTI, SREM, SREM, EXEC
        assertThat(close).contains("this.bus.releaseUser(").contains("this.leave(conn, c, room)")
                .contains("this.store.disconnected(");
        assertThat(block(CONNECTIONS, "forgetRoom(conn, c, room) {")).contains("this.bus.releaseRoom(");
        assertThat(announce).contains("this.store.leave(").contains("this.store.publishToRoom(");
        assertThat(disconnected).contains("this.redis.multi().srem(").contains(".srem(").contains(".exec()");
        assertThat(count(disconnected, "\\.srem\\(")).isEqualTo(2);
        assertThat(REDIS.close(1, 3)).isEqualTo(1 + (1 + 1 + 1) + (1 + 2 + 1));
        assertThat(REDIS.close(2, 3)).isEqualTo(1 + 2 * 3 + 4);
    }

    @Test
    void heartbeat_isAZaddAndALookForSilentInstances() {
        String tick = block(SWEEPER, "async tick(");
        assertThat(tick).contains("this.store.heartbeat(").contains("this.store.silentInstances(");
        assertThat(count(block(STORE, "heartbeat("), STORE_CALL)).isEqualTo(1);
        assertThat(count(block(STORE, "silentInstances("), STORE_CALL)).isEqualTo(1);
        assertThat(REDIS.heartbeat()).isEqualTo(2);
    }
}
