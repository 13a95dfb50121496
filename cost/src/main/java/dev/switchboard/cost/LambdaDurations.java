package dev.switchboard.cost;

import dev.switchboard.blueprint.FunctionSpec;

/**
 * Billed ms of each route's Lambda invocation, from the CPU the handlers were measured to spend (BENCHMARKS.md
 * section 7, "CPU per invocation of each route", the quiet run of 2026-12-06 16:35 UTC: {@code bench/bench.sh
 * handler-cpu}, {@code cpu.handler}, the CPU of the handler's own threads, JDK 17, warm C2, on a room of 10) stretched by the share of a vCPU Lambda gives the function's memory, plus the wait
 * for the DynamoDB and {@code @connections} round trips the route makes. This table is the one place the measured
 * figures live; {@code --ms-per-invocation} replaces the whole model with one figure.
 *
 * <ul>
 *   <li><b>CPU share</b>: "At 1,769 MB, a function has the equivalent of one vCPU" and CPU is allotted in proportion
 *   to memory (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory-computing.html), so a handler that
 *   needs {@code c} ms of one core runs {@code c × 1769 / memory} ms below 1,769 MB (the measuring machine's core is
 *   taken as one vCPU; above 1,769 MB a one-threaded handler gains nothing).</li>
 *   <li><b>Recipients</b>: the measurement posts to 9 of a room of 10 (connect: none); the part of a route's CPU above
 *   {@code connect}'s (an invocation with its table calls and no post) is taken to grow with the recipients.</li>
 *   <li><b>Waits</b>: {@link #TABLE_MS} per DynamoDB round trip (the calls are sequential; their number per route is
 *   the one BENCHMARKS.md section 7 profiled, "DynamoDB calls") and
 *   {@link CostModel#POST_MS} per batch of {@code broadcastConcurrency} posts (the fan-out benchmark's management
 *   API latency).</li>
 * </ul>
 * Billed duration is rounded up to the next ms. The authorizer and the fan-out function were not measured: the
 * authorizer keeps {@link CostModel#BASE_MS}, the fan-out function is priced as a send of its shard.
 */
public final class LambdaDurations {
    /** Memory at which a Lambda function has one vCPU. */
    static final double MB_PER_VCPU = 1769;
    /**
     * Assumed ms of one DynamoDB round trip from Lambda in the same region ("single-digit millisecond" latency,
     * https://aws.amazon.com/dynamodb/; 5 ms taken, not measured on AWS).
     */
    static final double TABLE_MS = 5;

    /**
     * One route as measured.
     *
     * @param cpuMicros  CPU µs per invocation ({@code cpu.handler})
     * @param recipients posts the measured invocation made
     * @param tableCalls DynamoDB round trips the route makes (disconnect: besides those of its one room)
     */
    record Measured(double cpuMicros, int recipients, int tableCalls) {
    }

    /** {@code $connect} without a room: 3 DynamoDB calls (the slot's Query and PutItem, the connection's PutItem). */
    static final Measured CONNECT = new Measured(1_052.0, 0, 3);
    /** A {@code join} frame (the tenth member; presence to nine): 7 DynamoDB calls as profiled. */
    static final Measured JOIN = new Measured(4_869.3, 9, 7);
    /** {@code send} to the other nine: 4 DynamoDB calls as profiled. */
    static final Measured SEND = new Measured(3_311.9, 9, 4);
    /** {@code ping}: no table call. */
    static final Measured PING = new Measured(4.8, 0, 0);
    /**
     * {@code $disconnect} from one room (presence to nine): 9 DynamoDB calls as profiled, of which
     * {@link #DISCONNECT_TABLE_CALLS_PER_ROOM} are the room's.
     */
    static final Measured DISCONNECT = new Measured(5_311.0, 9, 5);
    /** Per room a {@code $disconnect} leaves: two DeleteItems, the count's UpdateItem, the members Query. */
    static final int DISCONNECT_TABLE_CALLS_PER_ROOM = 4;
    /** The rate limit's round trips, which a join on {@code $connect} does not make. */
    static final int RATE_LIMIT_TABLE_CALLS = 2;

    private final int concurrency;

    /** @param concurrency posts a fan-out runs at once ({@code Limits.broadcastConcurrency}) */
    LambdaDurations(int concurrency) {
        this.concurrency = concurrency;
    }

    /** CPU ms of a route's invocation that posts to {@code recipients}. */
    static double cpuMs(Measured m, long recipients) {
        double base = CONNECT.cpuMicros();
        double perRecipient = m.recipients() == 0 ? 0 : (m.cpuMicros() - base) / m.recipients();
        double micros = m.recipients() == 0 ? m.cpuMicros() : base + perRecipient * recipients;
        return micros / 1000;
    }

    /** The share of a vCPU a function of {@code memoryMb} gets, at most one. */
    static double vcpu(int memoryMb) {
        return Math.min(1, memoryMb / MB_PER_VCPU);
    }

    /**
     * Ms one invocation of a route as {@code bench/bench.sh memory-size} measures it waits for DynamoDB and
     * {@code @connections} in this model: the part of its duration that more memory does not shorten, and which that
     * benchmark, answering both at once, does not see. The routes are its fixture's ({@code RouteFixture}):
     * {@code connect} (no room), {@code join}, {@code send}, {@code ping}, {@code disconnect} (from one room).
     *
     * @param route       one of the fixture's routes
     * @param recipients  posts the invocation makes (the fixture's room of 10: 9 for join, send and disconnect)
     * @param concurrency posts a fan-out runs at once ({@code Limits.broadcastConcurrency})
     * @throws IllegalArgumentException for a route this model does not know
     */
    public static double fixtureWaitMs(String route, long recipients, int concurrency) {
        int tableCalls = switch (route) {
            case "connect" -> CONNECT.tableCalls();
            case "join" -> JOIN.tableCalls();
            case "send" -> SEND.tableCalls();
            case "ping" -> PING.tableCalls();
            case "disconnect" -> disconnectTableCalls(1);
            default -> throw new IllegalArgumentException("no modelled wait for route '" + route
                    + "': use connect, join, send, ping or disconnect");
        };
        return new LambdaDurations(concurrency).waitMs(tableCalls, recipients);
    }

    /** Ms waited for {@code tableCalls} sequential DynamoDB round trips and the post batches of {@code recipients}. */
    double waitMs(double tableCalls, long recipients) {
        return tableCalls * TABLE_MS + Math.ceil(recipients / (double) concurrency) * CostModel.POST_MS;
    }

    /** Billed ms: CPU stretched by the vCPU share, plus the waits; rounded up. */
    double billedMs(FunctionSpec fn, double cpuMs, double tableCalls, long recipients) {
        return Math.ceil(cpuMs / vcpu(fn.memoryMb()) + waitMs(tableCalls, recipients));
    }

    /** {@code $connect}, joining its room ({@code ?room=}) when {@code joins} with presence to {@code recipients}. */
    double connect(FunctionSpec fn, boolean joins, long recipients) {
        if (!joins) {
            return billedMs(fn, cpuMs(CONNECT, 0), CONNECT.tableCalls(), 0);
        }
        return billedMs(fn, cpuMs(CONNECT, 0) + cpuMs(JOIN, recipients),
                CONNECT.tableCalls() + JOIN.tableCalls() - RATE_LIMIT_TABLE_CALLS, recipients);
    }

    /** A {@code join} frame with presence to {@code recipients}. */
    double join(FunctionSpec fn, long recipients) {
        return billedMs(fn, cpuMs(JOIN, recipients), JOIN.tableCalls(), recipients);
    }

    /** A {@code send} delivered to {@code recipients}. */
    double send(FunctionSpec fn, long recipients) {
        return billedMs(fn, cpuMs(SEND, recipients), SEND.tableCalls(), recipients);
    }

    /** A sharded {@code send}: no post; its SendMessageBatch calls wait like post batches. */
    double shardedSend(FunctionSpec fn, long batches) {
        return billedMs(fn, cpuMs(SEND, 0), SEND.tableCalls(), batches);
    }

    /** One shard of the fan-out function: its idempotency GetItem and PutItem, then the shard's posts. */
    double fanoutShard(FunctionSpec fn, long recipients) {
        return billedMs(fn, cpuMs(SEND, recipients), 2, recipients);
    }

    /** {@code $disconnect} from {@code rooms} rooms, presence to {@code recipients} in all. */
    double disconnect(FunctionSpec fn, int rooms, long recipients) {
        return billedMs(fn, cpuMs(DISCONNECT, recipients), disconnectTableCalls(rooms), recipients);
    }

    /** DynamoDB round trips of a {@code $disconnect} from {@code rooms} rooms. */
    private static int disconnectTableCalls(int rooms) {
        return DISCONNECT.tableCalls() + rooms * DISCONNECT_TABLE_CALLS_PER_ROOM;
    }
}
