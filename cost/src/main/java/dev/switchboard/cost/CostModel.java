package dev.switchboard.cost;

import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Architecture;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Route;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Blueprint} and a {@link TrafficProfile} into a month's line items. What each event triggers is read
 * from the blueprint (which function serves {@code $connect}, {@code send}, {@code $disconnect} and the authorizer,
 * their memory and architecture, the regions, the alarms, the presence threshold and the broadcast concurrency);
 * DynamoDB units come from {@link AccessPatterns}. docs/cost.md explains every line.
 */
public final class CostModel {
    /**
     * Billed ms of an authorizer invocation, which was not measured: the published warm p50 of Java handlers on
     * Lambda, 7-9 ms (aws-samples/serverless-java-frameworks-samples README), rounded up. The routes' durations come
     * from measured CPU ({@link LambdaDurations}).
     */
    public static final double BASE_MS = 10;
    /**
     * Ms one batch of {@link dev.switchboard.blueprint.Limits#broadcastConcurrency()} posts adds to a fan-out: the
     * management API latency of the fan-out benchmark (BENCHMARKS.md), where the shipped broadcaster's time to 1,000
     * recipients matches {@code ceil(1000 / concurrency) * 10 ms}.
     */
    public static final double POST_MS = 10;
    /** Size of a presence event or a route response (a small JSON envelope), in KB. */
    public static final double SMALL_FRAME_KB = 0.25;
    /**
     * Rules of the edge web ACL, each billed as a rule: the rate-based rule of {@code Limits.wafRatePerIp} and the
     * three AWS managed rule groups the CDK app and the Pulumi program add (common, known bad inputs, IP reputation;
     * cdk {@code EdgeProtection.MANAGED_RULE_GROUPS}). The blueprint does not list the managed groups yet.
     */
    public static final int WAF_RULES = 4;
    /**
     * Metrics per table alarm: DynamoDB reports ThrottledRequests and SystemErrors per operation, so each table alarm
     * sums seven operations with metric math (cdk {@code Monitoring.TABLE_OPERATIONS}), and CloudWatch bills an alarm
     * per metric it evaluates.
     */
    public static final int TABLE_ALARM_METRICS = 7;
    /** Web ACLs per environment: one CLOUDFRONT-scope ACL in us-east-1 in front of every region's API. */
    public static final int WEB_ACLS = 1;
    private static final double KB_PER_GB = 1024d * 1024d;

    /** The item names of the lines, for readers of {@code --json}. */
    public static final String MSG_RECEIVED = "API Gateway messages received (send, join)";
    public static final String MSG_RESPONSES = "API Gateway messages: route responses (acks asked for, joined)";
    public static final String MSG_DELIVERIES = "API Gateway messages: deliveries";
    public static final String MSG_PRESENCE = "API Gateway messages: presence events";
    public static final String MSG_TIER = "API Gateway messages above 1 billion (tier discount)";
    public static final String CONNECTION_MINUTES = "API Gateway connection minutes";
    public static final String LAMBDA_REQUESTS = "Lambda requests";
    public static final String LAMBDA_COMPUTE = "Lambda compute ";
    public static final String DDB_WRITES = "DynamoDB write units";
    public static final String DDB_REPLICATED = "DynamoDB replicated write units";
    public static final String DDB_READS = "DynamoDB read units";
    public static final String WAF_ACL = "WAF web ACL";
    public static final String WAF_RULE_LINE = "WAF rules";
    public static final String WAF_REQUESTS = "WAF requests (handshakes)";
    public static final String ALARMS = "CloudWatch alarms";
    public static final String ALARMS_HIGH_RES = "CloudWatch alarms (high resolution)";
    public static final String CF_REQUESTS = "CloudFront requests (handshakes)";
    public static final String CF_OUT = "CloudFront data transfer out";
    public static final String CF_TO_ORIGIN = "CloudFront data transfer to origin";
    public static final String API_OUT = "API Gateway data transfer out (no edge)";
    public static final String SQS_SHARDS = "SQS requests: shards sent, received, deleted";
    public static final String SQS_IDLE = "SQS requests: the event source mapping's empty long polls";
    /**
     * Pollers an idle SQS event source mapping keeps long-polling the queue, each with a 20 s wait: Lambda's
     * documented minimum of 2 pollers (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html,
     * ProvisionedPollerConfig minimum) rounded up to the 5 that on-demand mode starts with; an assumption, the only
     * estimator line not read from the blueprint or the traffic.
     */
    public static final int IDLE_POLLERS = 5;
    /** Long polls per poller per minute (20 s waits). */
    public static final int LONG_POLLS_PER_MINUTE = 3;

    private CostModel() {
    }

    public static Estimate estimate(Blueprint blueprint, TrafficProfile t, PriceBook prices) {
        FunctionSpec connectFn = routeFunction(blueprint, Route.CONNECT);
        FunctionSpec disconnectFn = routeFunction(blueprint, Route.DISCONNECT);
        FunctionSpec sendFn = routeFunction(blueprint, "send");
        FunctionSpec joinFn = routeFunction(blueprint, "join");
        FunctionSpec authorizerFn = blueprint.authorizerFunction();
        int regions = blueprint.environment().regions().size();
        int concurrency = blueprint.limits().broadcastConcurrency();

        double connections = t.dailyUsers() * t.connectionsPerUser() * t.days();
        double sent = t.dailyUsers() * t.messagesPerUser() * t.days();
        long units = t.unitsPerMessage();
        int rooms = t.roomsPerConnection();
        // the first room is joined on $connect (?room=), every further one with a join action
        double joinActions = connections * Math.max(0, rooms - 1);
        long roomSize = t.roomSize();
        boolean presence = roomSize > 1 && roomSize <= blueprint.limits().presenceMaxMembers();
        long presenceRecipients = presence ? roomSize - 1 : 0;

        FanoutSpec fanout = blueprint.fanout();
        double frameBytes = t.messageKb() * 1024;
        ShardedSend sharded = ShardedSend.of(t.fanout(), frameBytes, blueprint.limits(), fanout);

        List<LineItem> lines = new ArrayList<>();

        // API Gateway messages, each frame in 32 KB units. Under protocol v2 a send is answered only when it asks for
        // an ack ("ack": true); a join is always answered (joined).
        double received = sent * units + joinActions;
        double responses = sent * t.ackRatio() + (blueprint.route("join").twoWay() ? joinActions : 0);
        double deliveries = sent * t.fanout() * units;
        double presenceEvents = connections * rooms * presenceRecipients * 2;
        Price message = prices.get(PriceBook.MESSAGE);
        lines.add(LineItem.of(MSG_RECEIVED, received, message));
        lines.add(LineItem.of(MSG_RESPONSES, responses, message));
        lines.add(LineItem.of(MSG_DELIVERIES, deliveries, message));
        lines.add(LineItem.of(MSG_PRESENCE, presenceEvents, message));
        double messages = received + responses + deliveries + presenceEvents;
        if (messages > PriceBook.MESSAGE_TIER) {
            Price above = prices.get(PriceBook.MESSAGE_ABOVE_1B);
            double diff = above.perUnit() - message.perUnit();
            double excess = messages - PriceBook.MESSAGE_TIER;
            lines.add(new LineItem(MSG_TIER, excess, above.unit(), diff, excess * diff));
        }
        lines.add(LineItem.of(CONNECTION_MINUTES, t.dailyUsers() * t.minutesPerUser() * t.days(),
                prices.get(PriceBook.CONNECTION_MINUTE)));

        // Lambda: one invocation per event, billed duration from the model or the override. A sharded send posts
        // nothing itself: it puts its shards on the queue (batches through the same bounded pool) and the fan-out
        // function posts each shard.
        Map<Architecture, Double> gbSeconds = new EnumMap<>(Architecture.class);
        double requests = 0;
        LambdaDurations d = new LambdaDurations(concurrency);
        requests += invoke(gbSeconds, authorizerFn, connections, ms(t, BASE_MS));
        requests += invoke(gbSeconds, connectFn, connections, ms(t, d.connect(connectFn, rooms > 0,
                rooms > 0 ? presenceRecipients : 0)));
        requests += invoke(gbSeconds, joinFn, joinActions, ms(t, d.join(joinFn, presenceRecipients)));
        requests += invoke(gbSeconds, disconnectFn, connections, ms(t, d.disconnect(disconnectFn, rooms,
                rooms * presenceRecipients)));
        if (sharded == null) {
            requests += invoke(gbSeconds, sendFn, sent, ms(t, d.send(sendFn, t.fanout())));
        } else {
            requests += invoke(gbSeconds, sendFn, sent, ms(t, d.shardedSend(sendFn, sharded.batches())));
            requests += invoke(gbSeconds, fanout.function(), sent * sharded.shards(),
                    ms(t, d.fanoutShard(fanout.function(), (long) Math.ceil(sharded.recipientsPerShard()))));
        }
        lines.add(LineItem.of(LAMBDA_REQUESTS, requests, prices.get(PriceBook.LAMBDA_REQUEST)));
        for (Map.Entry<Architecture, Double> e : gbSeconds.entrySet()) {
            Price p = prices.get(PriceBook.LAMBDA_GB_SECOND + e.getKey().awsName());
            lines.add(LineItem.of(LAMBDA_COMPUTE + "(" + e.getKey().awsName() + ")", e.getValue(), p));
        }

        // SQS: the shards of sharded sends, and the empty long polls of each region's event source mapping.
        Price sqs = prices.get(PriceBook.SQS_REQUEST);
        if (sharded != null) {
            lines.add(LineItem.of(SQS_SHARDS, sent * (sharded.sendRequests() + sharded.receiveRequests()
                    + sharded.deleteRequests()), sqs));
        }
        lines.add(LineItem.of(SQS_IDLE, (double) regions * IDLE_POLLERS * LONG_POLLS_PER_MINUTE * 60 * 24 * t.days(),
                sqs));

        // DynamoDB: units per operation from the access patterns; a global table writes every item in every region.
        AccessPatterns ap = AccessPatterns.reference(t.consistentReads());
        AccessPatterns.Units perConnection = ap.connect()
                .plus(rooms > 0 ? ap.join(roomSize) : AccessPatterns.Units.NONE)
                .plus(ap.disconnect(rooms, roomSize));
        AccessPatterns.Units perSend = ap.send(roomSize);
        if (sharded != null) {
            perSend = perSend.plus(ap.shardProgress().times(sharded.shards()));
            if (sharded.frameByReference()) {
                perSend = perSend.plus(ap.frameReference(frameBytes + 100, sharded.shards()));
            }
        }
        AccessPatterns.Units total = perConnection.times(connections)
                .plus(ap.rateLimit().plus(ap.join(roomSize)).times(joinActions))
                .plus(perSend.times(sent));
        lines.add(LineItem.of(DDB_WRITES, total.tableWrites() + total.failedWrites() + total.indexWrites() * regions,
                prices.get(PriceBook.WRITE_UNIT)));
        if (regions > 1) {
            lines.add(LineItem.of(DDB_REPLICATED, total.tableWrites() * (regions - 1),
                    prices.get(PriceBook.REPLICATED_WRITE_UNIT)));
        }
        lines.add(LineItem.of(DDB_READS, total.reads(), prices.get(PriceBook.READ_UNIT)));

        // The edge: CloudFront with a CLOUDFRONT-scope web ACL; WAF sees handshakes only (not frames). Without it
        // (Environment.edge() false) the API sends the frames to the internet itself, at data transfer rates.
        double kbOut = deliveries / units * t.messageKb() + (responses + presenceEvents) * SMALL_FRAME_KB;
        boolean edge = blueprint.environment().edge();
        if (edge) {
            lines.add(LineItem.of(WAF_ACL, WEB_ACLS, prices.get(PriceBook.WEB_ACL)));
            lines.add(LineItem.of(WAF_RULE_LINE, WEB_ACLS * WAF_RULES, prices.get(PriceBook.WAF_RULE)));
            lines.add(LineItem.of(WAF_REQUESTS, connections, prices.get(PriceBook.WAF_REQUEST)));
            lines.add(LineItem.of(CF_REQUESTS, connections, prices.get(PriceBook.CLOUDFRONT_REQUEST)));
            lines.add(LineItem.of(CF_OUT, kbOut / KB_PER_GB, prices.get(PriceBook.CLOUDFRONT_OUT)));
            lines.add(LineItem.of(CF_TO_ORIGIN, (sent * t.messageKb() + joinActions * SMALL_FRAME_KB) / KB_PER_GB,
                    prices.get(PriceBook.CLOUDFRONT_TO_ORIGIN)));
        } else {
            lines.add(LineItem.of(API_OUT, kbOut / KB_PER_GB, prices.get(PriceBook.APIGW_TRANSFER_OUT)));
        }

        // Alarms (billed per metric): API and table alarms per region, function alarms per function per region, WAF
        // alarms per ACL.
        int standard = 0;
        int highRes = 0;
        for (AlarmSpec a : blueprint.alarms()) {
            int n = switch (a.kind()) {
                case API -> regions;
                case FUNCTION -> regions * (blueprint.functions().size() + 1);
                case TABLE -> regions * blueprint.dataModel().tables().size() * TABLE_ALARM_METRICS;
                case WAF -> edge ? WEB_ACLS : 0;
            };
            if (a.periodSeconds() < 60) {
                highRes += n;
            } else {
                standard += n;
            }
        }
        standard += regions; // the fan-out dead-letter queue's alarm
        lines.add(LineItem.of(ALARMS, standard, prices.get(PriceBook.ALARM_STANDARD)));
        if (highRes > 0) {
            lines.add(LineItem.of(ALARMS_HIGH_RES, highRes, prices.get(PriceBook.ALARM_HIGH_RESOLUTION)));
        }
        return new Estimate(lines);
    }

    /** Billed ms of an invocation: {@code --ms-per-invocation} when given, else the model's {@code modelled}. */
    static double ms(TrafficProfile t, double modelled) {
        return t.msPerInvocation() != null ? t.msPerInvocation() : modelled;
    }

    private static double invoke(Map<Architecture, Double> gbSeconds, FunctionSpec fn, double count, double ms) {
        if (fn == null || count == 0) {
            return 0;
        }
        gbSeconds.merge(fn.architecture(), count * ms / 1000d * fn.memoryMb() / 1024d, Double::sum);
        return count;
    }

    private static FunctionSpec routeFunction(Blueprint b, String routeKey) {
        Route r = b.route(routeKey);
        if (r == null) {
            throw new BlueprintException("routes." + routeKey, "the cost model needs this route", "add it");
        }
        return b.function(r.function());
    }
}
