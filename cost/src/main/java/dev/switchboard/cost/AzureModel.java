package dev.switchboard.cost;

import static dev.switchboard.cost.Allowances.busyShare;
import static dev.switchboard.cost.Allowances.metered;
import static dev.switchboard.cost.Allowances.usage;

import dev.switchboard.blueprint.Blueprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A month of the blueprint on Azure, as issue 22 designs it and azure/ builds it, for a {@link TrafficProfile}: Web PubSub (Standard)
 * units sized to the peak of open connections and its outbound messages, the event handler on Azure Functions Flex
 * Consumption (on-demand executions and GB-seconds, less the monthly free grant) and the state in Table Storage
 * ({@link TableOperations}). docs/cost.md explains every line.
 *
 * <p>Web PubSub (https://learn.microsoft.com/azure/azure-web-pubsub/concept-billing-model): a unit holds 1,000
 * concurrent connections and a resource has 1, 2, 5, 10, 20, 50 or 100 units; outbound traffic is billed in 2 KB
 * "messages", including "the messages sent from the service to the upstream webhooks": every frame a client sends is
 * a {@code message} event POSTed to the function, and so are the {@code connect}, {@code connected} and
 * {@code disconnected} system events. A synchronous event's response body goes back to the client (outbound too).
 * What the function sends to the service (a group send, adding a connection to a group) is inbound and not billed.
 *
 * <p>Flex Consumption (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan, "Billing"): on demand,
 * an instance is billed its memory for the time it runs executions, at least 1,000 ms an activity period; executions
 * overlapping on one instance share the billed time. With executions arriving at random at {@code λ} a second per
 * instance, each keeping it billed for at least a second, an instance is billed a share {@code 1 − e^(−λ × s)} of
 * the time ({@code s} = max(1 s, the execution's duration)), as the Cloudflare model bills Durable Objects.
 */
public final class AzureModel {
    /** Connections one Web PubSub unit holds. */
    public static final int CONNECTIONS_PER_UNIT = 1000;
    /** The unit counts of a Standard resource. */
    public static final List<Integer> UNIT_COUNTS = List.of(1, 2, 5, 10, 20, 50, 100);
    /** Messages a Standard unit includes a day. */
    public static final double MESSAGES_PER_UNIT_DAY = 1_000_000;
    /** KB of one billed message. */
    public static final double MESSAGE_KB = 2;
    /**
     * KB an event adds to the frame it carries: the HTTP request line and headers of a CloudEvent in binary mode
     * ({@code ce-*} attributes, two signatures, the hub, user and connection ids). An assumption; whether headers are
     * metered is not documented, so a small event counts as one message either way.
     */
    public static final double EVENT_HEADERS_KB = 1;
    /** KB of a small frame: a presence event, an ack, a {@code joined} reply (as on AWS). */
    public static final double SMALL_FRAME_KB = CostModel.SMALL_FRAME_KB;
    /** Minimum billed activity period of a Flex Consumption instance, in seconds. */
    public static final double MIN_BILLED_SECONDS = 1;
    /** System events the hub sends per connection: {@code connect}, {@code connected}, {@code disconnected}. */
    public static final int SYSTEM_EVENTS = 3;
    /** Bytes of the entities one open connection keeps (connection, memberships and counts, rate limit). */
    public static final double ENTITY_BYTES_PER_CONNECTION = 1024;
    private static final double SECONDS_PER_DAY = 86_400;
    private static final double KB_PER_GB = 1024d * 1024d;

    public static final String UNITS = "Web PubSub units (Standard, unit-days)";
    public static final String EVENTS = "Web PubSub messages: events to the function (system events, every frame)";
    public static final String REPLIES = "Web PubSub messages: replies (acks asked for, joined)";
    public static final String DELIVERIES = "Web PubSub messages: deliveries";
    public static final String PRESENCE = "Web PubSub messages: presence events";
    public static final String MESSAGES_INCLUDED = "Included: Web PubSub messages (1 M a unit a day)";
    public static final String EXECUTIONS = "Functions executions (Flex Consumption, on demand)";
    public static final String EXECUTIONS_INCLUDED = "Included in the free grant: Functions executions";
    public static final String GB_SECONDS = "Functions GB-seconds (Flex Consumption, on demand)";
    public static final String GB_SECONDS_INCLUDED = "Included in the free grant: Functions GB-seconds";
    public static final String TABLE_WRITES = "Table Storage transactions: writes";
    public static final String TABLE_READS = "Table Storage transactions: reads and queries";
    public static final String TABLE_CAPACITY = "Table Storage capacity";

    private AzureModel() {
    }

    /** Web PubSub units for {@code peak} connections: the smallest unit count that holds them, 100 per resource. */
    public static int units(double peak) {
        int needed = (int) Math.max(1, Math.ceil(peak / CONNECTIONS_PER_UNIT));
        for (int u : UNIT_COUNTS) {
            if (u >= needed) {
                return u;
            }
        }
        int max = UNIT_COUNTS.get(UNIT_COUNTS.size() - 1);
        return (int) Math.ceil(needed / (double) max) * max;
    }

    public static Estimate estimate(Blueprint blueprint, TrafficProfile t, AzureDeployment d, OpenConnections open,
                                    PriceBook prices) {
        double connections = t.dailyUsers() * t.connectionsPerUser() * t.days();
        double sent = t.dailyUsers() * t.messagesPerUser() * t.days();
        int rooms = t.roomsPerConnection();
        long roomSize = t.roomSize();
        // the first room is joined on connect (?room=), every further one with a join frame
        double joinFrames = connections * Math.max(0, rooms - 1);
        boolean presence = roomSize > 1 && roomSize <= blueprint.limits().presenceMaxMembers();
        long presenceRecipients = presence ? roomSize - 1 : 0;

        List<LineItem> lines = new ArrayList<>();
        int units = units(open.peak());
        lines.add(LineItem.of(UNITS + " x" + units, (double) units * t.days(), prices.get(PriceBook.AZ_UNIT_DAY)));

        double events = connections * SYSTEM_EVENTS * messages(EVENT_HEADERS_KB)
                + sent * messages(t.messageKb() + EVENT_HEADERS_KB)
                + joinFrames * messages(SMALL_FRAME_KB + EVENT_HEADERS_KB);
        double replies = (sent * t.ackRatio() + joinFrames) * messages(SMALL_FRAME_KB);
        double deliveries = sent * t.fanout() * messages(t.messageKb());
        double presenceEvents = connections * rooms * presenceRecipients * 2 * messages(SMALL_FRAME_KB);
        metered(lines, prices.get(PriceBook.AZ_MESSAGE), units * MESSAGES_PER_UNIT_DAY * t.days(), MESSAGES_INCLUDED,
                usage(EVENTS, events), usage(REPLIES, replies), usage(DELIVERIES, deliveries),
                usage(PRESENCE, presenceEvents));

        double executions = connections * SYSTEM_EVENTS + sent + joinFrames;
        double seconds = t.days() * SECONDS_PER_DAY;
        double rate = executions / seconds;
        double busySeconds = Math.max(MIN_BILLED_SECONDS, d.msPerExecution() / 1000d);
        int instances = (int) Math.max(1, Math.ceil(rate * d.msPerExecution() / 1000d
                / AzureDeployment.HTTP_CONCURRENCY));
        double gbSeconds = instances * seconds * busyShare(rate / instances, busySeconds) * d.instanceMemoryMb()
                / 1024d;
        metered(lines, prices, PriceBook.AZ_EXECUTION, EXECUTIONS_INCLUDED, usage(EXECUTIONS, executions));
        metered(lines, prices, PriceBook.AZ_GB_SECOND, GB_SECONDS_INCLUDED,
                usage(GB_SECONDS + ", " + instances + " x " + d.instanceMemoryMb() + " MB", gbSeconds));

        TableOperations.Room room = new TableOperations.Room(roomSize, blueprint.limits().membersPageSize(),
                blueprint.limits().presenceMaxMembers());
        TableOperations.Ops ops = TableOperations.connect()
                .plus(rooms > 0 ? TableOperations.joinOnConnect(room) : TableOperations.Ops.NONE)
                .plus(TableOperations.disconnect(rooms, room))
                .times(connections)
                .plus(TableOperations.join(room).times(joinFrames))
                .plus(TableOperations.send(false).times(sent * (1 - t.ackRatio())))
                .plus(TableOperations.send(true).times(sent * t.ackRatio()));
        Price transaction = prices.get(PriceBook.AZ_TABLE_TRANSACTION);
        lines.add(LineItem.of(TABLE_WRITES, ops.writes(), transaction));
        lines.add(LineItem.of(TABLE_READS, ops.reads(), transaction));
        lines.add(LineItem.of(TABLE_CAPACITY, open.average() * ENTITY_BYTES_PER_CONNECTION / 1024 / KB_PER_GB,
                prices.get(PriceBook.AZ_TABLE_GB_MONTH)));
        List<String> assumed = List.of(
                String.format(Locale.ROOT, "a peak of %,.0f connections open at once (%s; the average is"
                        + " %,.0f): %d Web PubSub units", open.peak(), open.given() ? "--peak-connections"
                        : "twice the average, --peak-connections to change", open.average(), units),
                "every event POSTed to the function carries 1 KB of HTTP and CloudEvents headers besides its frame",
                String.format(Locale.ROOT, "executions of %.0f ms, %d at once an instance (%d instance(s));"
                        + " Flex Consumption bills at least 1,000 ms an activity period", d.msPerExecution(),
                        AzureDeployment.HTTP_CONCURRENCY, instances),
                String.format(Locale.ROOT, "Table Storage transactions per action as the handler in azure/ makes"
                        + " them (docs/cost.md, \"On Azure\"), in a room of %,d: connect %s; joining the room on"
                        + " connect %s more; a join frame %s; send %s (%s with an ack); disconnect from %d room(s)"
                        + " %s", roomSize, ops(TableOperations.connect()), ops(TableOperations.joinOnConnect(room)),
                        ops(TableOperations.join(room)), ops(TableOperations.send(false)),
                        ops(TableOperations.send(true)), rooms, ops(TableOperations.disconnect(rooms, room))),
                "unverified prices (secondary sources; Azure's pricing pages render in the browser): " + String.join(
                        ", ", prices.unverified(List.of(PriceBook.AZ_UNIT_DAY, PriceBook.AZ_MESSAGE,
                                PriceBook.AZ_EXECUTION, PriceBook.AZ_GB_SECOND, PriceBook.AZ_TABLE_TRANSACTION,
                                PriceBook.AZ_TABLE_GB_MONTH))));
        return new Estimate(lines, assumed);
    }

    private static String ops(TableOperations.Ops o) {
        return String.format(Locale.ROOT, "%.0f read(s), %.0f write(s)", o.reads(), o.writes());
    }

    /** Billed messages of a frame of {@code kb}: one per started 2 KB. */
    static double messages(double kb) {
        return Math.max(1, Math.ceil(kb / MESSAGE_KB));
    }
}
