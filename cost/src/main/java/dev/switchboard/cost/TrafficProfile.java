package dev.switchboard.cost;

/**
 * A month of traffic, as the {@code cost} command's flags describe it.
 *
 * @param dailyUsers         users connected on a day
 * @param messagesPerUser    messages each user sends per day (the {@code send} action)
 * @param fanout             recipients of each message: the other members of the sender's room
 * @param minutesPerUser     minutes each user is connected per day
 * @param messageKb          size of a message frame in KB; API Gateway meters messages in 32 KB units
 * @param days               days of traffic in the month (default 30)
 * @param connectionsPerUser connections (sessions) each user opens per day (default 1)
 * @param roomsPerConnection rooms each connection joins (default 1)
 * @param consistentReads    whether reads are strongly consistent, as the handlers read (default true;
 *                           {@code --eventually-consistent} prices the half-price alternative)
 * @param msPerInvocation    billed duration of every Lambda invocation in ms, or null for the per-route durations
 *                           of {@link LambdaDurations} (measured CPU at the function's vCPU share, plus waits)
 * @param ackRatio           share of sends that ask for an ack ({@code "ack": true}, protocol v2), 0 to 1
 */
public record TrafficProfile(long dailyUsers, double messagesPerUser, long fanout, double minutesPerUser,
                             double messageKb, int days, double connectionsPerUser, int roomsPerConnection,
                             boolean consistentReads, Double msPerInvocation, double ackRatio) {
    /** A profile in which no send asks for an ack. */
    public TrafficProfile(long dailyUsers, double messagesPerUser, long fanout, double minutesPerUser,
                          double messageKb, int days, double connectionsPerUser, int roomsPerConnection,
                          boolean consistentReads, Double msPerInvocation) {
        this(dailyUsers, messagesPerUser, fanout, minutesPerUser, messageKb, days, connectionsPerUser,
                roomsPerConnection, consistentReads, msPerInvocation, 0);
    }

    public TrafficProfile {
        if (!(ackRatio >= 0 && ackRatio <= 1)) {
            throw new CostUsageException("--ack-ratio must be between 0 and 1 (the share of sends that ask for an ack),"
                    + " got " + ackRatio);
        }
        nonNegative("--daily-users", dailyUsers);
        nonNegative("--messages-per-user", messagesPerUser);
        nonNegative("--fanout", fanout);
        nonNegative("--minutes-per-user", minutesPerUser);
        if (minutesPerUser > 24 * 60) {
            throw new CostUsageException("--minutes-per-user: a day has 1440 minutes, got " + minutesPerUser);
        }
        if (!(messageKb > 0) || Double.isInfinite(messageKb)) {
            throw new CostUsageException("--message-kb must be greater than 0, got " + messageKb);
        }
        if (messageKb > 128) {
            throw new CostUsageException("--message-kb: API Gateway closes connections on messages above 128 KB, got "
                    + messageKb);
        }
        if (days < 1 || days > 31) {
            throw new CostUsageException("--days must be between 1 and 31, got " + days);
        }
        nonNegative("--connections-per-user", connectionsPerUser);
        if (roomsPerConnection < 0) {
            throw new CostUsageException("--rooms-per-connection must be 0 or more, got " + roomsPerConnection);
        }
        if (msPerInvocation != null && (!(msPerInvocation > 0) || msPerInvocation > 29_000)) {
            throw new CostUsageException("--ms-per-invocation must be greater than 0 and at most 29000 (API Gateway's"
                    + " integration timeout), got " + msPerInvocation);
        }
    }

    private static void nonNegative(String flag, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new CostUsageException(flag + " must be 0 or more, got " + (v == Math.rint(v) ? Long.toString((long) v)
                    : Double.toString(v)));
        }
    }

    /** Members of a room: the sender and its {@link #fanout} recipients. */
    public long roomSize() {
        return fanout + 1;
    }

    /** API Gateway message units per message frame: {@code ceil(messageKb / 32)}. */
    public long unitsPerMessage() {
        return (long) Math.ceil(messageKb / 32d);
    }
}
