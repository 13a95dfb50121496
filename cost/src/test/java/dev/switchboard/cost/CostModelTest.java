package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. The small profile: 10 users a day for 1 day, each sending 2 messages of 1 KB to a room of
 * 4 (fan-out 3), connected 5 minutes, one connection and one room each, every send asking for an ack; dev has 1
 * region, 8 route functions and the fan-out function.
 */
class CostModelTest {
    private static final PriceBook PRICES = PriceBook.defaults();

    private static TrafficProfile small(long fanout, boolean consistent, Double ms) {
        return new TrafficProfile(10, 2, fanout, 5, 1, 1, 1, 1, consistent, ms, 1);
    }

    private static Blueprint env(String name) {
        return Blueprint.reference(Environments.resolve(name, Map.of()));
    }

    @Test
    void estimate_smallProfile_countsMessagesBothWaysAndPresence() {
        // GIVEN 20 sent messages to 3 recipients each; 10 connections join and leave a room of 4
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), small(3, true, null), PRICES);
        // THEN 20 received, 20 acks (every send asked), 60 deliveries, 10 x 3 x 2 presence events
        assertThat(e.line(CostModel.MSG_RECEIVED).quantity()).isEqualTo(20);
        assertThat(e.line(CostModel.MSG_RESPONSES).quantity()).isEqualTo(20);
        assertThat(e.line(CostModel.MSG_DELIVERIES).quantity()).isEqualTo(60);
        assertThat(e.line(CostModel.MSG_PRESENCE).quantity()).isEqualTo(60);
        assertThat(e.line(CostModel.CONNECTION_MINUTES).quantity()).isEqualTo(50);
        assertThat(e.line(CostModel.MSG_DELIVERIES).monthlyUsd()).isCloseTo(60 * 1.00 / 1e6, within(1e-12));
    }

    @Test
    void estimate_smallProfile_countsLambdaPerRouteWithBlueprintMemory() {
        // GIVEN authorizer, $connect and $disconnect per connection (10 each) and send per message (20), fan-out 3
        Blueprint b = env("dev");
        // WHEN
        Estimate e = CostModel.estimate(b, small(3, true, null), PRICES);
        // THEN 50 requests; GB-s: each route's invocations times its billed ms at its function's memory (the
        // authorizer's unmeasured 10 ms; $connect joins its room with presence to 3, $disconnect leaves it)
        LambdaDurations d = new LambdaDurations(b.limits().broadcastConcurrency());
        double gbSeconds = 10 * gbs(b.authorizerFunction(), CostModel.BASE_MS)
                + 10 * gbs(fn(b, "$connect"), d.connect(fn(b, "$connect"), true, 3))
                + 10 * gbs(fn(b, "$disconnect"), d.disconnect(fn(b, "$disconnect"), 1, 3))
                + 20 * gbs(fn(b, "send"), d.send(fn(b, "send"), 3));
        assertThat(e.line(CostModel.LAMBDA_REQUESTS).quantity()).isEqualTo(50);
        assertThat(e.line(CostModel.LAMBDA_COMPUTE + "(arm64)").quantity()).isCloseTo(gbSeconds, within(1e-9));
        // AND a send to 3 costs more than one to nobody, and less than the measured send to 9
        assertThat(d.send(fn(b, "send"), 3)).isGreaterThan(d.send(fn(b, "send"), 0))
                .isLessThan(d.send(fn(b, "send"), 9));
    }

    private static dev.switchboard.blueprint.FunctionSpec fn(Blueprint b, String route) {
        return b.function(b.route(route).function());
    }

    private static double gbs(dev.switchboard.blueprint.FunctionSpec fn, double ms) {
        return ms / 1000 * fn.memoryMb() / 1024d;
    }

    @Test
    void estimate_withoutTheEdge_dropsCloudFrontAndWaf_andPricesTheApisOwnTransferOut() {
        // GIVEN dev with and without the edge
        Estimate with = CostModel.estimate(env("dev"), small(3, true, null), PRICES);
        Estimate without = CostModel.estimate(Blueprint.reference(Environments.resolve("dev", Map.of("edge", false))),
                small(3, true, null), PRICES);
        // THEN the edge's lines go, the same bytes leave through the API at data transfer rates
        assertThat(with.lines()).extracting(LineItem::item).contains(CostModel.WAF_ACL, CostModel.CF_OUT)
                .doesNotContain(CostModel.API_OUT);
        assertThat(without.lines()).extracting(LineItem::item).doesNotContain(CostModel.WAF_ACL,
                CostModel.WAF_RULE_LINE, CostModel.WAF_REQUESTS, CostModel.CF_REQUESTS, CostModel.CF_OUT,
                CostModel.CF_TO_ORIGIN).contains(CostModel.API_OUT);
        assertThat(without.line(CostModel.API_OUT).quantity()).isEqualTo(with.line(CostModel.CF_OUT).quantity());
        // and the WAF alarm is not billed: one alarm fewer
        assertThat(without.line(CostModel.ALARMS).quantity()).isEqualTo(with.line(CostModel.ALARMS).quantity() - 1);
        assertThat(without.totalUsd()).isLessThan(with.totalUsd());
    }

    @Test
    void estimate_msOverride_appliesToEveryInvocation() {
        // GIVEN every invocation billed 100 ms
        Blueprint b = env("dev");
        // WHEN
        Estimate e = CostModel.estimate(b, small(3, true, 100d), PRICES);
        // THEN 50 invocations x 0.1 s, each at its function's memory
        double gbSeconds = 10 * gbs(b.authorizerFunction(), 100) + 10 * gbs(fn(b, "$connect"), 100)
                + 10 * gbs(fn(b, "$disconnect"), 100) + 20 * gbs(fn(b, "send"), 100);
        assertThat(e.line(CostModel.LAMBDA_COMPUTE + "(arm64)").quantity()).isCloseTo(gbSeconds, within(1e-9));
    }

    @Test
    void estimate_smallProfile_derivesDynamoUnitsFromTheHandlersAccessPatterns() {
        // GIVEN per connection: $connect puts the record (1 + 1 index) and joins: members query (3 x 240 B: 1 unit),
        // 2 membership puts and the room's count bucket (1); $disconnect (the user from the event) queries its rooms (1)
        // and the members (1), deletes 2 memberships, counts the leave (1), deletes the record (1 + 1 index) and its
        // rate-limit item (1); per send: rate limit (1 unit, protocol v2) and the members query (1), all strongly
        // consistent
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), small(3, true, null), PRICES);
        // THEN writes 10 x (9 + 2 index) + 20 x 1 = 130, reads 10 x 3 + 20 x 1 = 50, nothing replicated in one region
        assertThat(e.line(CostModel.DDB_WRITES).quantity()).isEqualTo(130);
        assertThat(e.line(CostModel.DDB_READS).quantity()).isEqualTo(50);
        assertThat(e.lines()).noneMatch(l -> l.item().equals(CostModel.DDB_REPLICATED));
    }

    @Test
    void estimate_eventuallyConsistentReads_costHalf() {
        // GIVEN eventually consistent reads
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), small(3, false, null), PRICES);
        // THEN half a unit per 4 KB
        assertThat(e.line(CostModel.DDB_READS).quantity()).isEqualTo(25);
    }

    @Test
    void estimate_prod_writesEveryItemInThreeRegionsAndTriplesAlarms() {
        // GIVEN prod: three regions, one global table
        // WHEN
        Estimate e = CostModel.estimate(env("prod"), small(3, true, null), PRICES);
        // THEN 90 + 20 table writes locally, index writes 20 in each of 3 regions, the 110 table writes replicated to
        // 2 regions; alarm metrics: (3 API + 3 x 9 functions + 2 table x 7 operations + 1 dead-letter queue) x 3
        // regions + 1 WAF = 136
        assertThat(e.line(CostModel.DDB_WRITES).quantity()).isEqualTo(110 + 20 * 3);
        assertThat(e.line(CostModel.DDB_REPLICATED).quantity()).isEqualTo(220);
        assertThat(e.line(CostModel.ALARMS).quantity()).isEqualTo(136);
        assertThat(CostModel.estimate(env("dev"), small(3, true, null), PRICES).line(CostModel.ALARMS).quantity())
                .isEqualTo(46);
    }

    @Test
    void estimate_secondRoom_isJoinedWithAJoinAction() {
        // GIVEN two rooms per connection: the first on $connect, the second with a join frame
        TrafficProfile t = new TrafficProfile(10, 2, 3, 5, 1, 1, 1, 2, true, null);
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), t, PRICES);
        // THEN 10 join frames in, 10 joined replies out (no send asked for an ack), presence in both rooms, one rooms
        // invocation per join
        assertThat(e.line(CostModel.MSG_RECEIVED).quantity()).isEqualTo(30);
        assertThat(e.line(CostModel.MSG_RESPONSES).quantity()).isEqualTo(10);
        assertThat(e.line(CostModel.MSG_PRESENCE).quantity()).isEqualTo(120);
        assertThat(e.line(CostModel.LAMBDA_REQUESTS).quantity()).isEqualTo(60);
    }

    @Test
    void estimate_noFanout_sendsNoPresenceAndNoDeliveries() {
        // GIVEN a user alone in its room
        Blueprint b = env("dev");
        // WHEN
        Estimate e = CostModel.estimate(b, small(0, true, null), PRICES);
        Estimate withOthers = CostModel.estimate(b, small(3, true, null), PRICES);
        // THEN nothing is delivered, and no invocation waits for a post
        assertThat(e.line(CostModel.MSG_DELIVERIES).quantity()).isZero();
        assertThat(e.line(CostModel.MSG_PRESENCE).quantity()).isZero();
        LambdaDurations d = new LambdaDurations(b.limits().broadcastConcurrency());
        assertThat(d.send(fn(b, "send"), 0) + CostModel.POST_MS).isLessThanOrEqualTo(d.send(fn(b, "send"), 3));
        assertThat(e.line(CostModel.LAMBDA_COMPUTE + "(arm64)").quantity())
                .isLessThan(withOthers.line(CostModel.LAMBDA_COMPUTE + "(arm64)").quantity());
    }

    @Test
    void estimate_largeMessages_areMeteredIn32KbUnits() {
        // GIVEN 40 KB messages: two 32 KB units each
        TrafficProfile t = new TrafficProfile(10, 2, 3, 5, 40, 1, 1, 1, true, null);
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), t, PRICES);
        // THEN 20 x 2 received units and 60 x 2 delivered units
        assertThat(e.line(CostModel.MSG_RECEIVED).quantity()).isEqualTo(40);
        assertThat(e.line(CostModel.MSG_DELIVERIES).quantity()).isEqualTo(120);
    }

    @Test
    void estimate_aboveOneBillionMessages_appliesTheLowerTier() {
        // GIVEN 1,000,000 users x 20 messages x 30 days, fan-out 1: 600M received + 600M responses + 600M deliveries
        // + 1M x 30 x 2 presence events = 1.86 billion messages
        TrafficProfile t = new TrafficProfile(1_000_000, 20, 1, 10, 1, 30, 1, 1, true, null, 1);
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), t, PRICES);
        // THEN 860M messages get $0.20 per million back
        LineItem tier = e.line(CostModel.MSG_TIER);
        assertThat(tier.quantity()).isEqualTo(860_000_000d);
        assertThat(tier.monthlyUsd()).isCloseTo(-172.0, within(1e-6));
    }

    @Test
    void estimate_fixedItems_countOneWebAclItsRulesAndTheAlarms() {
        // GIVEN no traffic at all
        TrafficProfile none = new TrafficProfile(0, 0, 0, 0, 1, 30, 1, 1, true, null);
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), none, PRICES);
        // THEN the month costs the web ACL ($5), its 4 rules ($4), 46 alarm metrics ($4.60) and the idle event source
        // mapping's long polls (5 pollers x 3 a minute x 43,200 minutes = 648,000 requests, $0.26)
        assertThat(e.line(CostModel.SQS_IDLE).quantity()).isEqualTo(648_000);
        assertThat(e.totalUsd()).isCloseTo(13.6 + 0.2592, within(1e-9));
    }

    @Test
    void estimate_ackRatio_billsOnlyTheAcksAskedFor() {
        // GIVEN 20 sends of which half ask for an ack
        TrafficProfile t = new TrafficProfile(10, 2, 3, 5, 1, 1, 1, 1, true, null, 0.5);
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), t, PRICES);
        // THEN 10 acks
        assertThat(e.line(CostModel.MSG_RESPONSES).quantity()).isEqualTo(10);
    }

    @Test
    void estimate_roomAboveTheThreshold_paysShardsInsteadOfAnInlineFanOut() {
        // GIVEN 20 sends to rooms of 2,001 (2,000 recipients: above the threshold of 1,000, 8 shards of 250)
        TrafficProfile t = new TrafficProfile(10, 2, 2000, 5, 1, 1, 1, 1, true, null, 0);
        // WHEN
        Estimate e = CostModel.estimate(env("dev"), t, PRICES);
        ShardedSend s = ShardedSend.of(2000, 1024, env("dev").limits(), env("dev").fanout());
        // THEN a shard is 250 recipients of 183 bytes and the frame (46.8 KB): 5 fit a batch of 256 KB, so 2 batches,
        // of 5 shards (234 KB, 4 chunks of 64 KB) and 3 (140 KB, 3 chunks); per shard one receive (1 chunk) and one
        // delete
        assertThat(s.shards()).isEqualTo(8);
        assertThat(s.frameByReference()).isFalse();
        assertThat(s.batches()).isEqualTo(2);
        assertThat(ShardedSend.RECIPIENT_BYTES).isEqualTo(183);
        assertThat(s.sendRequests()).isEqualTo(7);
        assertThat(e.line(CostModel.SQS_SHARDS).quantity()).isEqualTo(20 * (7 + 8 + 8));
        // 50 invocations of the route functions and 20 x 8 of the fan-out function
        assertThat(e.line(CostModel.LAMBDA_REQUESTS).quantity()).isEqualTo(50 + 160);
        // and each shard's idempotency record: 1 consistent read and 1 write
        Estimate inline = CostModel.estimate(env("dev").withLimits(env("dev").limits().toBuilder()
                .fanoutShardThreshold(5000).build()), t, PRICES);
        assertThat(e.line(CostModel.DDB_WRITES).quantity() - inline.line(CostModel.DDB_WRITES).quantity())
                .isEqualTo(160);
        assertThat(e.line(CostModel.DDB_READS).quantity() - inline.line(CostModel.DDB_READS).quantity())
                .isEqualTo(160);
        assertThat(inline.lines()).noneMatch(l -> l.item().equals(CostModel.SQS_SHARDS));
    }

    @Test
    void shardedSend_aFrameThatWouldPassTheMessageLimit_travelsByReference() {
        // GIVEN 1,000 recipients a shard (~173 KB) and 100 KB frames
        Blueprint b = env("dev").withLimits(env("dev").limits().toBuilder().fanoutShardSize(1000).build());
        // WHEN
        ShardedSend s = ShardedSend.of(5000, 100 * 1024, b.limits(), b.fanout());
        // THEN the shards carry a reference, and fit SQS's 256 KB
        assertThat(s.frameByReference()).isTrue();
        assertThat(s.shardBytes()).isLessThan(256 * 1024);
        assertThat(ShardedSend.of(5000, 1024, b.limits(), b.fanout()).frameByReference()).isFalse();
    }

    /**
     * The aims of issue 15 on the seed scenario: dev, 50,000 daily users, 100 messages each, fan-out 1. They were set
     * with send at 1,024 MB; the measured sizes ({@code ReferenceMemory}) give it 1,536 MB.
     */
    @Test
    void seedScenario_meetsIssue15sFirstAimWithSendAtItsFormerSize_andAcksAddOnlyTheirMessages() {
        // GIVEN the seed scenario, without acks and with every send acked; and dev with send at its former 1,024 MB
        TrafficProfile noAcks = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 0);
        TrafficProfile allAcked = new TrafficProfile(50_000, 100, 1, 30, 1, 30, 1, 1, true, null, 1);
        Blueprint dev = env("dev");
        Blueprint send1024 = dev.withFunctions(dev.functions().stream()
                .map(f -> f.name().equals("send") ? f.withMemoryMb(1024) : f).toList());
        // WHEN
        double without = CostModel.estimate(dev, noAcks, PRICES).totalUsd();
        double with = CostModel.estimate(dev, allAcked, PRICES).totalUsd();
        // THEN what issue 15 changed (the messages, the rate limit's writes) keeps the bill at least a third below $878
        // without acks (its first aim, $585) at the sizes the aim was set with. The measured send size bills every
        // send at 1.5 GB: about $30 more, the price of a send that does not slow down (docs/cost.md). Its second aim,
        // a fifth below with every send acked ($700), was lost to the measured CPU per route (LambdaDurations).
        assertThat(CostModel.estimate(send1024, noAcks, PRICES).totalUsd()).isLessThanOrEqualTo(585);
        assertThat(without).isGreaterThan(CostModel.estimate(send1024, noAcks, PRICES).totalUsd());
        // AND what the acks add is their messages and their bytes out, nothing else
        double sent = 50_000 * 100 * 30d;
        double ackBytesOut = sent * CostModel.SMALL_FRAME_KB / (1024d * 1024d);
        assertThat(with - without).isCloseTo(sent * PRICES.get(PriceBook.MESSAGE).perUnit()
                + ackBytesOut * PRICES.get(PriceBook.CLOUDFRONT_OUT).perUnit(), within(1e-6));
    }
}
