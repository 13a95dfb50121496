package dev.switchboard.cost;

import java.time.Duration;

/**
 * How the Vercel function is deployed (docs/vercel.md): its maximum duration, which ends every WebSocket connection
 * (the client reconnects and joins again), the memory of an instance, and how many connections an instance holds.
 *
 * @param maxDurationSeconds       the function's maximum duration (default 300 s, Vercel's default; Pro allows up to
 *                                 800 s): the server closes {@link #CLOSE_MARGIN} before it
 * @param memoryMb                 an instance's provisioned memory (default 2,048 MB)
 * @param connectionsPerInstance   WebSocket connections one instance serves at once (default
 *                                 {@link #DEFAULT_CONNECTIONS_PER_INSTANCE})
 */
public record VercelDeployment(int maxDurationSeconds, int memoryMb, int connectionsPerInstance) {
    /**
     * The function's default maximum duration: {@code VercelSettings.DEFAULT_MAX_DURATION} of the jsplatforms module
     * ({@code VercelDeploymentTest} reads it from the source).
     */
    public static final int DEFAULT_MAX_DURATION_SECONDS = 300;
    /** How long before the maximum duration the server closes a connection: {@code VercelSettings.CLOSE_MARGIN}. */
    public static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);
    /** How often an instance records its heartbeat in Redis: {@code VercelSettings.HEARTBEAT}. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Vercel's default function memory on Fluid compute (2 GB, 1 vCPU): an assumption to check in the project. */
    public static final int DEFAULT_MEMORY_MB = 2048;
    /**
     * Connections one instance holds: an assumption (a Node process with {@code ws} holds thousands of idle sockets;
     * Vercel does not publish a per-instance WebSocket limit).
     */
    public static final int DEFAULT_CONNECTIONS_PER_INSTANCE = 1000;

    public static final VercelDeployment DEFAULTS = new VercelDeployment(DEFAULT_MAX_DURATION_SECONDS,
            DEFAULT_MEMORY_MB, DEFAULT_CONNECTIONS_PER_INSTANCE);

    public VercelDeployment {
        if (maxDurationSeconds <= CLOSE_MARGIN.toSeconds() || maxDurationSeconds > 800) {
            throw new CostUsageException("--max-duration: " + maxDurationSeconds + " s is not above the close margin"
                    + " of " + CLOSE_MARGIN.toSeconds() + " s and at most 800 s (Pro's limit). Fix: give the function's"
                    + " maximum duration (vercel:maxDuration, default " + DEFAULT_MAX_DURATION_SECONDS + ")");
        }
        if (memoryMb < 128 || memoryMb > 4096) {
            throw new CostUsageException("--vercel-memory-mb: " + memoryMb + " is not between 128 and 4096. Fix: give"
                    + " the function's memory (default " + DEFAULT_MEMORY_MB + ")");
        }
        if (connectionsPerInstance < 1) {
            throw new CostUsageException("--connections-per-instance: " + connectionsPerInstance + " is below 1. Fix:"
                    + " give the connections one instance holds (default " + DEFAULT_CONNECTIONS_PER_INSTANCE + ")");
        }
    }

    /** Seconds a connection lasts before the server closes it. */
    public long connectionSeconds() {
        return maxDurationSeconds - CLOSE_MARGIN.toSeconds();
    }
}
