package dev.switchboard.cost;

import static dev.switchboard.cost.Allowances.busyShare;
import static dev.switchboard.cost.Allowances.metered;
import static dev.switchboard.cost.Allowances.usage;

import dev.switchboard.blueprint.Blueprint;
import java.util.ArrayList;
import java.util.List;

/**
 * A month of the reference Worker on Cloudflare (Workers and Durable Objects) for a {@link TrafficProfile}: the
 * Workers Paid plan, the zone's plan for the rate-limiting rule, the upgrades as Worker requests, every billed
 * Durable Objects request of the design that is built ({@link DurableObjectCalls}), their duration, and SQLite
 * storage. The plan's allowances are negative lines. docs/cost.md explains every line.
 *
 * <p>Duration: an object is billed while it runs a handler or is idle but cannot hibernate. With the Hibernation API
 * a shard or a room is billed only while it handles events; events arriving at random (Poisson) at rate {@code λ}
 * per object, each running the object for {@code d} seconds, keep it running a share {@code 1 − e^(−λd)} of the time
 * (concurrent events share the billed time). Without hibernation ({@code accept()}) a shard is billed for all the
 * time it holds a socket: a share {@code 1 − e^(−c/S)} with {@code c} connections open on average. Traffic is
 * assumed spread evenly over the day.
 */
public final class CloudflareModel {
    /** GB billed per object: "Duration billing charges for the 128 MB of memory your Durable Object is allocated". */
    public static final double GB_PER_OBJECT = 128 / 1024d;
    /**
     * Worker CPU ms per upgrade: an HS256 verification with WebCrypto and the hand-off to the shard; an assumption
     * (not measured), well inside the included 30 million ms for millions of upgrades.
     */
    public static final double WORKER_CPU_MS_PER_UPGRADE = 2;
    /** KB of an empty SQLite database: "approximately 12 KB" (https://developers.cloudflare.com/durable-objects/reference/faq/). */
    public static final double EMPTY_DATABASE_KB = 12;
    /** Bytes a membership row takes with its indexes: connection id (a UUID), user, room and shard names. */
    public static final double MEMBERSHIP_ROW_BYTES = 300;
    private static final double SECONDS_PER_DAY = 86_400;
    private static final double BYTES_PER_GB = 1024d * 1024d * 1024d;

    public static final String PAID_PLAN = "Workers Paid plan (monthly minimum)";
    public static final String ZONE_PLAN = "Zone plan for the rate-limiting rule ";
    public static final String WORKER_REQUESTS = "Worker requests (WebSocket upgrades)";
    public static final String WORKER_REQUESTS_INCLUDED = "Worker requests included in the plan";
    public static final String WORKER_CPU = "Worker CPU ms (token check on the upgrade)";
    public static final String WORKER_CPU_INCLUDED = "Worker CPU ms included in the plan";
    public static final String DO_MESSAGES = "DO requests: incoming WebSocket messages (20:1)";
    public static final String DO_UPGRADES = "DO requests: Worker -> Shard (upgrades)";
    public static final String DO_SHARD_TO_ROOM = "DO requests: Shard -> Room (join, leave, send)";
    public static final String DO_ROOM_TO_SHARD = "DO requests: Room -> Shard (deliver: fan-out, presence)";
    public static final String DO_SHARD_TO_SHARD = "DO requests: Shard -> Shard (whisper)";
    public static final String DO_REQUESTS_INCLUDED = "DO requests included in the plan";
    public static final String DO_SHARD_DURATION = "DO duration: shards ";
    public static final String DO_ROOM_DURATION = "DO duration: rooms";
    public static final String DO_DURATION_INCLUDED = "DO duration included in the plan";
    public static final String ROWS_READ = "SQLite rows read";
    public static final String ROWS_READ_INCLUDED = "SQLite rows read included in the plan";
    public static final String ROWS_WRITTEN = "SQLite rows written";
    public static final String ROWS_WRITTEN_INCLUDED = "SQLite rows written included in the plan";
    public static final String STORED = "SQLite stored data";
    public static final String STORED_INCLUDED = "SQLite stored data included in the plan";

    private CloudflareModel() {
    }

    public static Estimate estimate(Blueprint blueprint, TrafficProfile t, CloudflareDeployment d, PriceBook prices) {
        int shards = d.shards();
        DurableObjectCalls calls = new DurableObjectCalls(shards, blueprint.limits().presenceMaxMembers(),
                blueprint.limits().membersPageSize());
        double connections = t.dailyUsers() * t.connectionsPerUser() * t.days();
        double sent = t.dailyUsers() * t.messagesPerUser() * t.days();
        int rooms = t.roomsPerConnection();
        long members = t.roomSize();
        // the first room is joined on the upgrade (?room=), every further one with a join frame
        double joinActions = connections * Math.max(0, rooms - 1);
        DurableObjectCalls.Calls total = calls.upgrade(rooms > 0, members).plus(calls.close(rooms, members))
                .times(connections)
                .plus(calls.join(members).times(joinActions))
                .plus(calls.send(members).times(sent));

        List<LineItem> lines = new ArrayList<>();
        lines.add(LineItem.of(PAID_PLAN, 1, prices.get(PriceBook.CF_PAID_PLAN)));
        String planKey = PriceBook.CF_ZONE_PLAN + d.zonePlan();
        Price plan;
        try {
            plan = prices.get(planKey);
        } catch (CostUsageException e) {
            throw new CostUsageException("--cloudflare-plan " + d.zonePlan() + ": the price file has no \"" + planKey
                    + "\" (Enterprise has no public price). Fix: add it to a price file given with --prices, or use"
                    + " free, pro or business");
        }
        lines.add(LineItem.of(ZONE_PLAN + "(" + d.zonePlan() + ")", 1, plan));

        metered(lines, prices, PriceBook.CF_WORKER_REQUEST, WORKER_REQUESTS_INCLUDED,
                usage(WORKER_REQUESTS, connections));
        metered(lines, prices, PriceBook.CF_WORKER_CPU_MS, WORKER_CPU_INCLUDED,
                usage(WORKER_CPU, connections * WORKER_CPU_MS_PER_UPGRADE));
        metered(lines, prices, PriceBook.CF_DO_REQUEST, DO_REQUESTS_INCLUDED,
                usage(DO_MESSAGES, total.incomingMessages() / DurableObjectCalls.WS_MESSAGES_PER_REQUEST),
                usage(DO_UPGRADES, total.workerToShard()),
                usage(DO_SHARD_TO_ROOM, total.shardToRoom()),
                usage(DO_ROOM_TO_SHARD, total.roomToShard()),
                usage(DO_SHARD_TO_SHARD, total.shardToShard()));

        double seconds = t.days() * SECONDS_PER_DAY;
        // connections open at once on average (the AWS model's connection minutes spread over the day)
        double open = t.dailyUsers() * t.minutesPerUser() / 1440d;
        double eventSeconds = d.msPerEvent() / 1000d;
        double shardShare = busyShare(total.shardEvents() / seconds / shards, eventSeconds);
        if (!d.hibernation()) {
            shardShare = Math.max(shardShare, 1 - Math.exp(-open / shards));
        }
        double liveRooms = rooms == 0 ? 0 : Math.max(1, open * rooms / members);
        double roomShare = liveRooms == 0 ? 0 : busyShare(total.roomEvents() / seconds / liveRooms, eventSeconds);
        metered(lines, prices, PriceBook.CF_DO_GB_SECOND, DO_DURATION_INCLUDED,
                usage(DO_SHARD_DURATION + (d.hibernation() ? "(hibernatable)" : "(no hibernation: billed while a"
                        + " socket is open)"), shards * seconds * shardShare * GB_PER_OBJECT),
                usage(DO_ROOM_DURATION, liveRooms * seconds * roomShare * GB_PER_OBJECT));

        metered(lines, prices, PriceBook.CF_ROW_READ, ROWS_READ_INCLUDED, usage(ROWS_READ, total.rowsRead()));
        metered(lines, prices, PriceBook.CF_ROW_WRITTEN, ROWS_WRITTEN_INCLUDED,
                usage(ROWS_WRITTEN, total.rowsWritten()));
        double storedBytes = (shards + liveRooms) * EMPTY_DATABASE_KB * 1024 + open * rooms * 2 * MEMBERSHIP_ROW_BYTES;
        metered(lines, prices, PriceBook.CF_STORED_GB_MONTH, STORED_INCLUDED,
                usage(STORED, storedBytes / BYTES_PER_GB));
        return new Estimate(lines);
    }
}
