package dev.switchboard.cost;

/**
 * Redis commands per action of the Vercel function ({@code vercel/src/function}: {@code connections.mjs} calls the
 * {@code Store} of {@code store.mjs} and the {@code Bus} of {@code bus.mjs}), as Redis counts them: a Lua script
 * ({@code sbJoin}, {@code sbLeave}, {@code sbPublishCounted}, {@code sbConnect}, {@code sbAdmit}) is one EVALSHA;
 * a {@code multi()} is MULTI, its commands and EXEC. {@code RedisCommandsTest} reads those files and fails when a
 * call site these counts rest on changes.
 *
 * <p>Subscriptions are shared by an instance's connections of one room or user: SUBSCRIBE on the first, UNSUBSCRIBE
 * after the last, and {@code roomHeld} is an SADD the first time an instance holds a member of a room. The counts
 * take each connection to be the first of its user and room on its instance (the upper bound, and the case of small
 * rooms spread over instances). Messages Redis delivers to subscribers are not commands.
 *
 * @param presenceMaxMembers rooms above this many users announce no presence ({@code Limits.presenceMaxMembers})
 */
record RedisCommands(int presenceMaxMembers) {
    /**
     * The upgrade ({@code prepare}): SUBSCRIBE to the user's channel, {@code sbConnect} and the SADD of the
     * instance's connection list ({@code store.connected}).
     */
    double handshake() {
        return 3;
    }

    /**
     * Joining a room of {@code roomSize} users ({@code join}): {@code roomHeld} (SADD), SUBSCRIBE to the room, the
     * {@code sbJoin} script, and a presence PUBLISH (a {@code sbPublishCounted} script) when the room has 2 to
     * {@link #presenceMaxMembers} users. A {@code join} frame also counts against the rate limit ({@code sbAdmit})
     * and reads the first members page (ZRANGEBYLEX).
     */
    double join(long roomSize, boolean frame) {
        return 3 + presence(roomSize) + (frame ? 2 : 0);
    }

    /** A {@code send}: {@code sbAdmit}, then one {@code sbPublishCounted} (PUBLISH and HLEN in one script). */
    double send() {
        return 2;
    }

    /**
     * A close ({@code close}): UNSUBSCRIBE from the user's channel; per room UNSUBSCRIBE, {@code sbLeave} and a
     * presence PUBLISH; {@code store.disconnected}: MULTI, two SREMs, EXEC.
     */
    double close(int rooms, long roomSize) {
        return 1 + rooms * (2 + presence(roomSize)) + 4;
    }

    /** Commands of one heartbeat of an instance ({@code sweeper.mjs}): ZADD, then ZRANGEBYSCORE of the silent ones. */
    double heartbeat() {
        return 2;
    }

    private double presence(long roomSize) {
        return roomSize > 1 && roomSize <= presenceMaxMembers ? 1 : 0;
    }
}
