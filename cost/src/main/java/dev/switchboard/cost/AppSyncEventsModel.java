package dev.switchboard.cost;

import java.util.List;

/**
 * A reference column for {@code --compare}: the same month of traffic on AWS AppSync Events, the managed pub/sub over
 * WebSockets an AWS user might pick instead of Switchboard (publishing over the socket since March 2025). It is not
 * a platform Switchboard deploys to: nothing of the blueprint runs there, and the protocol's features it lacks are
 * listed in {@link #NOT_OFFERED}.
 *
 * <p>Billed, per https://aws.amazon.com/appsync/pricing/: Event API operations and connection minutes. Counted as
 * operations: each connection request, each subscribe (one channel per room a connection is in), each publish and
 * each delivery to a subscriber, every message metered in {@link #METERING_KB} KB increments (the actions and the
 * increment as described by third parties; the price file marks them unverified). A publisher is assumed not to be
 * delivered its own event, as Switchboard's {@code send} skips the sender. Not priced: unsubscribes and keep-alive
 * frames, data transfer out (EC2 rates), and any Lambda handler an app would attach for what AppSync lacks.
 */
public final class AppSyncEventsModel {
    /** The column's name in the comparison. */
    public static final String LABEL = "AppSync Events (reference)";
    /** Size of one metered message, in KB. */
    public static final double METERING_KB = 5;
    /** The protocol's features (docs/protocol.md) an app on AppSync Events would have to build itself. */
    public static final List<String> NOT_OFFERED = List.of("presence events", "member lists with cursors",
            "per-connection rate limits", "acks with delivery counts", "direct messages to a user (whisper)",
            "Java route handlers");

    public static final String CONNECTS = "AppSync: connection requests";
    public static final String SUBSCRIBES = "AppSync: subscribe requests (a channel per room)";
    public static final String PUBLISHES = "AppSync: publishes (5 KB units)";
    public static final String DELIVERIES = "AppSync: deliveries to subscribers (5 KB units)";
    public static final String CONNECTION_MINUTES = "AppSync: connection minutes";

    private AppSyncEventsModel() {
    }

    public static Estimate estimate(TrafficProfile t, PriceBook prices) {
        double connections = t.dailyUsers() * t.connectionsPerUser() * t.days();
        double sent = t.dailyUsers() * t.messagesPerUser() * t.days();
        double units = Math.ceil(t.messageKb() / METERING_KB);
        Price operation = prices.get(PriceBook.APPSYNC_OPERATION);
        return new Estimate(List.of(
                LineItem.of(CONNECTS, connections, operation),
                LineItem.of(SUBSCRIBES, connections * t.roomsPerConnection(), operation),
                LineItem.of(PUBLISHES, sent * units, operation),
                LineItem.of(DELIVERIES, sent * t.fanout() * units, operation),
                LineItem.of(CONNECTION_MINUTES, t.dailyUsers() * t.minutesPerUser() * t.days(),
                        prices.get(PriceBook.APPSYNC_CONNECTION_MINUTE))));
    }
}
