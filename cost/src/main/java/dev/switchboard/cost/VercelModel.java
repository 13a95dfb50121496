package dev.switchboard.cost;

import static dev.switchboard.cost.Allowances.metered;
import static dev.switchboard.cost.Allowances.usage;

import dev.switchboard.blueprint.Blueprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A month of the Vercel function ({@code vercel/src/function}, docs/vercel.md) on Vercel Functions with Fluid
 * compute, for a {@link TrafficProfile}: the Pro plan, invocations (one per WebSocket upgrade, the reconnects the
 * maximum duration forces included), active CPU, provisioned memory of the instances that hold connections, Fast Data
 * Transfer, and Redis (Upstash pay as you go from the Vercel Marketplace) by the commands of {@link RedisCommands}.
 * Pro's included usage is applied as negative lines. docs/cost.md explains every line.
 *
 * <p>Billing (https://vercel.com/docs/fluid-compute/pricing): active CPU counts only while code runs, not while it
 * waits for I/O; provisioned memory is billed for an instance's whole lifetime, which for a WebSocket function is as
 * long as it holds a connection; each request that reaches the function is an invocation.
 */
public final class VercelModel {
    /** CPU ms of an upgrade: the HS256 check, the Redis calls, the handshake (an assumption, as on Cloudflare). */
    public static final double CPU_MS_PER_HANDSHAKE = CloudflareModel.WORKER_CPU_MS_PER_UPGRADE;
    /** CPU ms of a frame: parse, validate, a script call, the reply (an assumption, not measured). */
    public static final double CPU_MS_PER_FRAME = 0.5;
    /** CPU ms of one delivery: the pub/sub message parsed and written to a socket (an assumption, not measured). */
    public static final double CPU_MS_PER_DELIVERY = 0.05;
    /** KB a published frame's envelope adds ({@code {"x": connection id, "t": frame}}). */
    public static final double PUBLISH_ENVELOPE_KB = 0.1;
    private static final double SECONDS_PER_DAY = 86_400;
    private static final double KB_PER_GB = 1024d * 1024d;

    public static final String PLAN = "Vercel Pro plan (one seat)";
    public static final String INVOCATIONS = "Function invocations (WebSocket upgrades, reconnects included)";
    public static final String INVOCATIONS_INCLUDED = "Included in Pro: function invocations";
    public static final String CPU = "Active CPU hours";
    public static final String CPU_INCLUDED = "Included in Pro: active CPU hours";
    public static final String MEMORY = "Provisioned memory GB-hours";
    public static final String MEMORY_INCLUDED = "Included in Pro: provisioned memory GB-hours";
    public static final String TRANSFER = "Fast Data Transfer (frames in and out)";
    public static final String TRANSFER_INCLUDED = "Included in Pro: Fast Data Transfer";
    public static final String REDIS_COMMANDS = "Redis commands (Upstash pay as you go)";
    public static final String REDIS_BANDWIDTH = "Redis bandwidth (publishes in, deliveries to instances)";
    public static final String REDIS_BANDWIDTH_INCLUDED = "Included: Redis bandwidth (200 GB)";

    private VercelModel() {
    }

    /** Connections (upgrades) a session of {@code minutes} takes when each lasts {@code connectionSeconds}. */
    public static double handshakesPerSession(double minutes, long connectionSeconds) {
        return Math.max(1, Math.ceil(minutes * 60 / connectionSeconds));
    }

    public static Estimate estimate(Blueprint blueprint, TrafficProfile t, VercelDeployment d, OpenConnections open,
                                    PriceBook prices) {
        double sessions = t.dailyUsers() * t.connectionsPerUser() * t.days();
        double sessionMinutes = t.connectionsPerUser() == 0 ? 0 : t.minutesPerUser() / t.connectionsPerUser();
        double handshakes = sessions * handshakesPerSession(sessionMinutes, d.connectionSeconds());
        double sent = t.dailyUsers() * t.messagesPerUser() * t.days();
        int rooms = t.roomsPerConnection();
        long roomSize = t.roomSize();
        // every connection, a reconnect too, joins its first room with ?room= and the others with join frames
        double joinFrames = handshakes * Math.max(0, rooms - 1);
        boolean presence = roomSize > 1 && roomSize <= blueprint.limits().presenceMaxMembers();
        double presenceEvents = presence ? handshakes * rooms * (roomSize - 1) * 2 : 0;
        double seconds = t.days() * SECONDS_PER_DAY;
        int instances = (int) Math.max(1, Math.ceil(open.peak() / d.connectionsPerInstance()));

        List<LineItem> lines = new ArrayList<>();
        lines.add(LineItem.of(PLAN, 1, prices.get(PriceBook.VERCEL_PRO_SEAT)));
        metered(lines, prices, PriceBook.VERCEL_INVOCATION, INVOCATIONS_INCLUDED, usage(INVOCATIONS, handshakes));
        double cpuMs = handshakes * CPU_MS_PER_HANDSHAKE + (sent + joinFrames) * CPU_MS_PER_FRAME
                + (sent * t.fanout() + presenceEvents) * CPU_MS_PER_DELIVERY;
        metered(lines, prices, PriceBook.VERCEL_CPU_HOUR, CPU_INCLUDED, usage(CPU, cpuMs / 3_600_000d));
        // an instance is provisioned while it holds a connection: with the average spread over the instances, a
        // share 1 − e^(−average / instances) of the time
        double heldShare = open.average() == 0 ? 0 : 1 - Math.exp(-open.average() / instances);
        double gbHours = instances * seconds / 3600d * heldShare * d.memoryMb() / 1024d;
        metered(lines, prices, PriceBook.VERCEL_MEMORY_GB_HOUR, MEMORY_INCLUDED,
                usage(MEMORY + " (" + instances + " x " + d.memoryMb() + " MB)", gbHours));
        double kb = (sent * t.fanout() + sent) * t.messageKb()
                + (sent * t.ackRatio() + joinFrames * 2 + presenceEvents) * CostModel.SMALL_FRAME_KB;
        metered(lines, prices, PriceBook.VERCEL_TRANSFER_GB, TRANSFER_INCLUDED, usage(TRANSFER, kb / KB_PER_GB));

        RedisCommands redis = new RedisCommands(blueprint.limits().presenceMaxMembers());
        double commands = handshakes * (redis.handshake() + (rooms > 0 ? redis.join(roomSize, false) : 0)
                + redis.close(rooms, roomSize))
                + joinFrames * redis.join(roomSize, true)
                + sent * redis.send()
                + instances * heldShare * seconds / VercelDeployment.HEARTBEAT.toSeconds() * redis.heartbeat();
        lines.add(LineItem.of(REDIS_COMMANDS, commands, prices.get(PriceBook.REDIS_COMMAND)));
        // a publish goes into Redis once and out to every instance subscribed to the room, the sender's included
        double fanIn = 1 + Math.min(instances, roomSize);
        double announcements = presence ? presenceEvents / (roomSize - 1) : 0;
        double published = (sent * (t.messageKb() + PUBLISH_ENVELOPE_KB)
                + announcements * (CostModel.SMALL_FRAME_KB + PUBLISH_ENVELOPE_KB)) * fanIn;
        metered(lines, prices, PriceBook.REDIS_BANDWIDTH_GB, REDIS_BANDWIDTH_INCLUDED,
                usage(REDIS_BANDWIDTH, published / KB_PER_GB));
        List<String> assumed = List.of(
                String.format(Locale.ROOT, "connections end after %d s (--max-duration %d less the %d s"
                        + " close margin) and reconnect: %.0f connection(s) a session of %.0f minutes",
                        d.connectionSeconds(), d.maxDurationSeconds(), VercelDeployment.CLOSE_MARGIN.toSeconds(),
                        VercelModel.handshakesPerSession(sessionMinutes, d.connectionSeconds()), sessionMinutes),
                String.format(Locale.ROOT, "%d instance(s) of %d MB for a peak of %,.0f connections, %d"
                        + " an instance (--connections-per-instance)", instances, d.memoryMb(), open.peak(),
                        d.connectionsPerInstance()),
                "active CPU of 2 ms an upgrade, 0.5 ms a frame, 0.05 ms a delivery (not measured)",
                "Redis commands per action counted from vercel/src/function (docs/cost.md, \"On Vercel\"); each"
                        + " connection taken to be the first of its room and user on its instance",
                "unverified prices (secondary sources): " + String.join(", ", prices.unverified(List.of(
                        PriceBook.VERCEL_PRO_SEAT, PriceBook.VERCEL_INVOCATION, PriceBook.VERCEL_CPU_HOUR,
                        PriceBook.VERCEL_MEMORY_GB_HOUR, PriceBook.VERCEL_TRANSFER_GB, PriceBook.REDIS_COMMAND,
                        PriceBook.REDIS_BANDWIDTH_GB))));
        return new Estimate(lines, assumed);
    }
}
