package dev.switchboard.cost;

import java.util.List;

/**
 * How the blueprint is deployed on Cloudflare, as the Pulumi program's stack configuration says: the connection
 * shards ({@code switchboard:cloudflareShards}), the zone's plan ({@code switchboard:cloudflarePlan}, which sets the
 * rate-limiting rule's period), whether the shards use the WebSocket Hibernation API (the shipped Worker does; the
 * other choice prices the standard {@code accept()}), and the wall-clock milliseconds each event keeps an object
 * running.
 *
 * @param shards      {@code S}: connection shards
 * @param zonePlan    the zone's plan: free, pro, business or enterprise
 * @param hibernation whether idle shards are eligible for hibernation ({@code ctx.acceptWebSocket})
 * @param msPerEvent  wall-clock ms an object runs for each event it handles (a message, an RPC call, the upgrade)
 */
public record CloudflareDeployment(int shards, String zonePlan, boolean hibernation, double msPerEvent) {
    /**
     * The Worker's default shard count: {@code WorkerSettings.DEFAULT_SHARDS} of the jsplatforms module, the Pulumi
     * program's default {@code cloudflareShards} ({@code CloudflareDeploymentTest} reads it from the source).
     */
    public static final int DEFAULT_SHARDS = 64;
    /** The Pulumi program's default {@code cloudflarePlan}. */
    public static final String DEFAULT_PLAN = "pro";
    /** The zone plans the Pulumi program renders the rate-limiting rule for. */
    public static final List<String> PLANS = List.of("free", "pro", "business", "enterprise");
    /**
     * Wall-clock ms an event keeps an object running: an assumption, the Lambda model's warm 10 ms
     * ({@link CostModel#BASE_MS}); a {@code send} runs its shard while it awaits the room, which awaits the shards'
     * {@code deliver} calls in parallel, a few ms within one location.
     */
    public static final double DEFAULT_MS_PER_EVENT = 10;

    public static final CloudflareDeployment DEFAULTS = new CloudflareDeployment(DEFAULT_SHARDS, DEFAULT_PLAN, true,
            DEFAULT_MS_PER_EVENT);

    public CloudflareDeployment {
        if (shards < 1 || shards > 10_000) {
            throw new CostUsageException("--shards: " + shards + " is not between 1 and 10000. Fix: give the stack's"
                    + " cloudflareShards (default " + DEFAULT_SHARDS + ")");
        }
        if (zonePlan == null || !PLANS.contains(zonePlan)) {
            throw new CostUsageException("--cloudflare-plan: unknown plan '" + zonePlan + "'. Fix: use one of "
                    + String.join(", ", PLANS) + " (the stack's cloudflarePlan)");
        }
        if (!(msPerEvent > 0) || msPerEvent > 300_000) {
            throw new CostUsageException("--do-ms-per-event: " + msPerEvent + " is not above 0 and at most 300000"
                    + " (5 minutes, a Durable Object's CPU limit). Fix: give the wall-clock ms of one event");
        }
    }
}
