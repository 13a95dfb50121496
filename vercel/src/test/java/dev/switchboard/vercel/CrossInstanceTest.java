package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two function instances and one redis-server, as {@code ./switchboard local --platform vercel} runs them; each
 * client connects to one instance's own port, so every case crosses instances by construction (on Vercel a
 * connection is pinned to one instance and instances share nothing: vercel.com/docs/functions/websockets).
 */
class CrossInstanceTest {
    static LocalVercel vercel;
    static int a;
    static int b;

    @BeforeAll
    static void start() {
        vercel = LocalVercel.start(LocalMain.root(), Blueprint.reference(Environments.resolve("dev", Map.of())), 0,
                DevTokens.DEV_SECRET, Duration.ofSeconds(300), 2, false);
        a = vercel.instancePorts().get(0);
        b = vercel.instancePorts().get(1);
    }

    @AfterAll
    static void stop() {
        vercel.close();
    }

    @Test
    void send_fromInstanceB_reachesMemberOnInstanceA_withPresenceAndCount() {
        try (WsClient alice = WsClient.connect(a, "alice", null); WsClient bob = WsClient.connect(b, "bob", null)) {
            alice.send("{\"action\":\"join\",\"room\":\"x1\"}");
            assertThat(alice.expect("joined").path("count").asInt()).isEqualTo(1);
            bob.send("{\"action\":\"join\",\"room\":\"x1\"}");
            JsonNode joined = bob.expect("joined");

            JsonNode presence = alice.expect("presence");
            bob.send("{\"action\":\"send\",\"room\":\"x1\",\"data\":{\"n\":1},\"ack\":true,\"cid\":\"c1\"}");

            assertThat(joined.path("count").asInt()).isEqualTo(2);
            assertThat(joined.path("members").toString()).isEqualTo("[\"alice\",\"bob\"]");
            assertThat(presence.path("user").asText()).isEqualTo("bob");
            JsonNode m = alice.expect("message");
            assertThat(m.path("from").asText()).isEqualTo("bob");
            assertThat(m.path("data").path("n").asInt()).isEqualTo(1);
            JsonNode ack = bob.expect("ack");
            assertThat(ack.path("delivered").asInt()).isEqualTo(1);
            assertThat(ack.path("id").asText()).isEqualTo(m.path("id").asText());
        }
    }

    @Test
    void whisper_reachesEveryConnectionOfTheUser_onBothInstances() throws InterruptedException {
        try (WsClient carolA = WsClient.connect(a, "carol", null); WsClient carolB = WsClient.connect(b, "carol", null);
             WsClient dave = WsClient.connect(a, "dave", null)) {
            dave.send("{\"action\":\"whisper\",\"to\":\"carol\",\"data\":\"psst\",\"ack\":true}");

            assertThat(carolA.expect("whisper").path("from").asText()).isEqualTo("dave");
            assertThat(carolB.expect("whisper").path("data").asText()).isEqualTo("psst");
            assertThat(dave.expect("ack").path("delivered").asInt()).isEqualTo(2);
            dave.expectSilence(Duration.ofMillis(200));
        }
    }

    @Test
    void leave_onInstanceA_isAnnouncedOnInstanceB_andStopsDelivery() throws InterruptedException {
        try (WsClient erin = WsClient.connect(a, "erin", "x3"); WsClient frank = WsClient.connect(b, "frank", "x3")) {
            erin.expect("presence"); // frank's join (frank joined by ?room=, so he gets no joined frame)
            erin.send("{\"action\":\"leave\",\"room\":\"x3\"}");
            erin.expect("left");

            assertThat(frank.expect("presence").path("event").asText()).isEqualTo("leave");
            frank.send("{\"action\":\"send\",\"room\":\"x3\",\"data\":1,\"ack\":true}");
            assertThat(frank.expect("ack").path("delivered").asInt()).isZero();
            erin.expectSilence(Duration.ofMillis(200));
        }
    }

    @Test
    void close_onInstanceA_leavesTheRoom_forMembersOnInstanceB() {
        try (WsClient grace = WsClient.connect(b, "grace", "x4")) {
            WsClient heidi = WsClient.connect(a, "heidi", "x4");
            grace.expect("presence");
            heidi.close();

            JsonNode left = grace.expect("presence");
            assertThat(left.path("event").asText()).isEqualTo("leave");
            assertThat(left.path("user").asText()).isEqualTo("heidi");
        }
    }

    @Test
    void framesOfOneConnection_areJudgedInArrivalOrder_soASendRightAfterAJoinIsAMembersSend() {
        try (WsClient ola = WsClient.connect(a, "ola", null); WsClient pia = WsClient.connect(b, "pia", "x5")) {
            ola.send("{\"action\":\"join\",\"room\":\"x5\"}");
            ola.send("{\"action\":\"send\",\"room\":\"x5\",\"data\":\"at once\",\"ack\":true}");

            assertThat(ola.expect("joined").path("count").asInt()).isEqualTo(2);
            assertThat(ola.expect("ack").path("delivered").asInt()).isEqualTo(1);
            assertThat(pia.expect("message").path("data").asText()).isEqualTo("at once");
        }
    }
}
