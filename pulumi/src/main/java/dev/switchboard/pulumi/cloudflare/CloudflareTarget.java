package dev.switchboard.pulumi.cloudflare;

import dev.switchboard.blueprint.BlueprintException;

/**
 * Where the Worker goes: what the blueprint cannot know, from the stack's configuration.
 *
 * @param accountId  the Cloudflare account id (32 hex characters)
 * @param zoneId     the zone that serves the hostname (32 hex characters)
 * @param hostname   the hostname the Worker serves as a custom domain, e.g. {@code ws.example.com}
 * @param plan       the zone's plan, for the rate-limiting rule
 * @param shards     connection shards (docs/cloudflare.md)
 */
public record CloudflareTarget(String accountId, String zoneId, String hostname, ZonePlan plan, int shards) {
    public CloudflareTarget {
        hex("cloudflare.accountId", accountId, "the account id from the dashboard's Workers overview");
        hex("cloudflare.zoneId", zoneId, "the zone id from the zone's overview page");
        if (hostname == null || !hostname.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}")) {
            throw new BlueprintException("cloudflare.hostname", "'" + hostname + "' is not a host name",
                    "set the host the Worker serves in the zone, e.g. ws.example.com");
        }
        if (plan == null) {
            throw new BlueprintException("cloudflare.plan", "is not set", "set free, pro, business or enterprise");
        }
    }

    private static void hex(String field, String v, String where) {
        if (v == null || !v.matches("[0-9a-f]{32}")) {
            throw new BlueprintException(field, "'" + v + "' is not a 32-character hex id", "copy " + where);
        }
    }
}
