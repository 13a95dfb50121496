package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.store.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcasterTest {
    static Harness h;
    static HandlerContext ctx;

    @BeforeAll
    static void start() {
        h = new Harness();
        ctx = h.context(Map.of("BROADCAST_CONCURRENCY", "4"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        h.api.reset();
        h.api.hold(0);
    }

    private static Member join(String room, boolean live) {
        String id = Harness.newConnectionId();
        Member m = new Member(id, "user-" + id, "us-east-1", h.api.callbackUrl());
        ctx.repository().putConnection(m, 1L, Harness.ttl());
        ctx.repository().addMembership(m, room, Harness.ttl());
        if (live) {
            h.api.connect(id);
        }
        return m;
    }

    @Test
    void fanOut_toRoomWith30PercentGone_reachesAllLive_andPurgesAllGone() {
        // GIVEN a room of 100 members, 30 of them gone
        List<Member> live = new ArrayList<>();
        List<Member> gone = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            (i % 10 < 3 ? gone : live).add(join("r-30", i % 10 >= 3));
        }
        Member sender = live.get(0);
        // WHEN the sender broadcasts
        Broadcaster.Result r = ctx.broadcaster().fanOut(ctx.repository().roomMembers("r-30"),
                "{\"type\":\"message\"}".getBytes(), sender.connectionId(), "r-30");
        // THEN every live member but the sender got it, every gone member was purged
        assertThat(r).isEqualTo(new Broadcaster.Result(99, 69, 30, 0));
        for (Member m : live.subList(1, live.size())) {
            assertThat(h.api.frames(m.connectionId())).containsExactly("{\"type\":\"message\"}");
        }
        assertThat(h.api.frames(sender.connectionId())).isEmpty();
        assertThat(ctx.repository().roomMembers("r-30")).containsExactlyInAnyOrderElementsOf(live);
        for (Member m : gone) {
            assertThat(ctx.repository().connection(m.connectionId())).isEmpty();
            assertThat(ctx.repository().roomsOf(m.connectionId())).isEmpty();
        }
    }

    @Test
    void fanOut_whenSenderIsGone_neverPostsToOrPurgesTheSender() {
        // GIVEN a sender whose own connection the API no longer knows, and one live member
        Member sender = join("r-sender", false);
        Member other = join("r-sender", true);
        // WHEN
        Broadcaster.Result r = ctx.broadcaster().fanOut(ctx.repository().roomMembers("r-sender"),
                "x".getBytes(), sender.connectionId(), "r-sender");
        // THEN
        assertThat(r.delivered()).isEqualTo(1);
        assertThat(h.api.attempts(sender.connectionId())).isZero();
        assertThat(ctx.repository().connection(sender.connectionId())).isPresent();
        assertThat(h.api.frames(other.connectionId())).containsExactly("x");
    }

    @Test
    void fanOut_whenRecipientThrottled_retriesWithBackoffAndDelivers() {
        // GIVEN a recipient that answers 429 twice
        Member m = join("r-429", true);
        h.api.throttle(m.connectionId(), 2);
        // WHEN
        Broadcaster.Result r = ctx.broadcaster().fanOut(List.of(m), "t".getBytes(), "nobody", "r-429");
        // THEN the third attempt delivered it and nothing was purged
        assertThat(r.delivered()).isEqualTo(1);
        assertThat(h.api.attempts(m.connectionId())).isEqualTo(3);
        assertThat(ctx.repository().connection(m.connectionId())).isPresent();
    }

    @Test
    void fanOut_whenThrottledBeyondRetries_countsAFailure_andKeepsTheRecipient() {
        // GIVEN a recipient that keeps answering 429
        Member m = join("r-429-forever", true);
        h.api.throttle(m.connectionId(), 100);
        // WHEN
        Broadcaster.Result r = ctx.broadcaster().fanOut(List.of(m), "t".getBytes(), "nobody", "r-429-forever");
        // THEN
        assertThat(r).isEqualTo(new Broadcaster.Result(1, 0, 0, 1));
        assertThat(h.api.attempts(m.connectionId())).isEqualTo(1 + Broadcaster.MAX_THROTTLE_RETRIES);
        assertThat(ctx.repository().connection(m.connectionId())).isPresent();
    }

    @Test
    void fanOut_keepsAtMostTheConfiguredPostsInFlight() {
        // GIVEN 40 live members, a concurrency of 4, and a server that holds every post briefly
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            members.add(join("r-bounded", true));
        }
        h.api.hold(20);
        // WHEN
        Broadcaster.Result r = ctx.broadcaster().fanOut(members, "b".getBytes(), "nobody", "r-bounded");
        // THEN all were delivered with never more than 4 requests at the server at once
        assertThat(r.delivered()).isEqualTo(40);
        assertThat(h.api.maxInFlight()).isBetween(1, 4);
    }

    @Test
    void fanOut_whenRecipientStillInItsConnect_keepsItsRecords_butPurgesAnOldGoneOne() {
        // GIVEN two recipients that both answer 410: one connected 1 s ago (its $connect may still be running,
        // as when it joined with ?room=), one connected a minute ago (really gone)
        long now = 1_000_000_000L;
        Member connecting = joinAt("r-grace", now - 1_000);
        Member gone = joinAt("r-grace", now - 60_000);
        ManagementApi everyoneGone = (recipient, frame) -> ManagementApi.Outcome.GONE;
        Broadcaster broadcaster = new Broadcaster(everyoneGone, ctx.repository(), 2, () -> now);
        // WHEN
        Broadcaster.Result r = broadcaster.fanOut(ctx.repository().roomMembers("r-grace"), "g".getBytes(), "nobody",
                "r-grace");
        // THEN both count as gone, only the old one is purged
        assertThat(r).isEqualTo(new Broadcaster.Result(2, 0, 2, 0));
        assertThat(ctx.repository().connection(connecting.connectionId())).isPresent();
        assertThat(ctx.repository().roomMembers("r-grace")).extracting(Member::connectionId)
                .containsExactly(connecting.connectionId());
        assertThat(ctx.repository().connection(gone.connectionId())).isEmpty();
    }

    private static Member joinAt(String room, long connectedAt) {
        String id = Harness.newConnectionId();
        Member m = new Member(id, "user-" + id, "us-east-1", h.api.callbackUrl(), connectedAt);
        ctx.repository().putConnection(m, connectedAt, Harness.ttl());
        ctx.repository().addMembership(m, room, Harness.ttl());
        return m;
    }
}
