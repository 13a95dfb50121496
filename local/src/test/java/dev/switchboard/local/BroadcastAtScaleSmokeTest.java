package dev.switchboard.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BroadcastTest}'s scenario at full scale: 1,000 members, the widest fan-out the reference blueprint sends
 * inline (999 recipients, its fanoutShardThreshold is 1,000). Not part of the README's test command: bench/smoke.sh
 * runs it (this module's surefire excludes *SmokeTest; smoke.sh's {@code -Dtest='*SmokeTest'} selects it).
 */
class BroadcastAtScaleSmokeTest {
    private static Fixture f;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void send_toRoomOf1000_reachesEveryOtherMember_andAllRecordsGoAfterDisconnect() throws Exception {
        BroadcastTest.broadcastToRoom_thenEveryoneLeaves(f, 1000);
    }
}
