package dev.switchboard.blueprint;

/**
 * A custom domain for the WebSocket endpoint: an ACM certificate per region, a regional API Gateway domain name and
 * Route 53 latency records with health checks.
 *
 * @param domainName     for example {@code ws.example.com}
 * @param hostedZoneId   the Route 53 hosted zone that holds it
 * @param hostedZoneName the zone's name, for example {@code example.com}
 */
public record CustomDomain(String domainName, String hostedZoneId, String hostedZoneName) {
    public CustomDomain {
        Check.notBlank("customDomain.domainName", domainName, "set the domain name, e.g. ws.example.com");
        Check.notBlank("customDomain.hostedZoneId", hostedZoneId, "set the Route 53 hosted zone id");
        Check.notBlank("customDomain.hostedZoneName", hostedZoneName, "set the hosted zone name, e.g. example.com");
        if (!domainName.equals(hostedZoneName) && !domainName.endsWith("." + hostedZoneName)) {
            throw new BlueprintException("customDomain.domainName", "'" + domainName + "' is not in zone '"
                    + hostedZoneName + "'", "use a name inside the hosted zone");
        }
    }
}
