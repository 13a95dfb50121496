package dev.switchboard.blueprint;

import java.util.List;
import java.util.Set;

/**
 * A deployment target: one account, one or more regions.
 *
 * @param name               {@code dev}, {@code staging}, {@code prod} or a name of the user's; also the stage name
 * @param account            12-digit AWS account id; may be null in a default, but {@link #requireAccount()} fails
 *                           at synth time without one
 * @param regions            regions with a regional stack, no duplicates, all with SnapStart
 * @param primaryRegion      the region that owns the global connection table
 * @param alarmEmail         optional e-mail subscription of the alarm topic (null: none)
 * @param customDomain       optional custom domain (null: the CloudFront domain)
 * @param logRetentionDays   CloudWatch Logs retention, one of the values CloudWatch accepts
 * @param deletionProtection table deletion protection, point-in-time recovery and RETAIN
 * @param accessLogs         stage access logs; see {@link AccessLogs}
 * @param customRoutes       the user's own routes for this environment
 * @param edge               whether clients connect through the edge: a CloudFront distribution with a
 *                           CLOUDFRONT-scope WAF web ACL in front of each regional API, which the authorizer requires
 *                           through a secret origin header (default true, setting {@code edge}). Without it clients
 *                           connect to the API's {@code execute-api} URL; stage throttling and the authorizer stay,
 *                           the per-IP rate rule and AWS managed rules go (docs/deploy.md, "Without the edge")
 */
public record Environment(String name, String account, List<String> regions, String primaryRegion,
                          String alarmEmail, CustomDomain customDomain, int logRetentionDays,
                          boolean deletionProtection, AccessLogs accessLogs, List<CustomRoute> customRoutes,
                          boolean edge) {
    /** Retention values CloudWatch Logs accepts. */
    public static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public Environment {
        Check.notBlank("environment.name", name, "name the environment, e.g. dev");
        if (!name.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new BlueprintException("environments." + name + ".name", "'" + name + "' is not a valid name",
                    "use lower-case letters, digits and '-', starting with a letter, at most 16 characters");
        }
        String p = "environments." + name;
        if (account != null && !account.matches("\\d{12}")) {
            throw new BlueprintException(p + ".account", "'" + account + "' is not a 12-digit AWS account id",
                    "set the account id of the target account");
        }
        if (regions == null || regions.isEmpty()) {
            throw new BlueprintException(p + ".regions", "no region", "list at least one region, e.g. [\"us-east-1\"]");
        }
        regions = List.copyOf(regions);
        for (int i = 0; i < regions.size(); i++) {
            Regions.requireDeployable(p + ".regions[" + i + "]", regions.get(i));
        }
        Check.unique(p + ".regions", regions, r -> r);
        Check.notBlank(p + ".primaryRegion", primaryRegion, "set primaryRegion to one of " + regions);
        if (!regions.contains(primaryRegion)) {
            throw new BlueprintException(p + ".primaryRegion", "'" + primaryRegion + "' is not among the regions "
                    + regions, "add it to regions or choose one of " + regions);
        }
        if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new BlueprintException(p + ".alarmEmail", "'" + alarmEmail + "' is not an e-mail address",
                    "set an address or remove the field");
        }
        if (!RETENTION_DAYS.contains(logRetentionDays)) {
            throw new BlueprintException(p + ".logRetentionDays", logRetentionDays + " is not a CloudWatch retention",
                    "use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...");
        }
        accessLogs = accessLogs == null ? AccessLogs.OFF : accessLogs;
        customRoutes = List.copyOf(customRoutes == null ? List.of() : customRoutes);
        Check.unique(p + ".routes", customRoutes, CustomRoute::routeKey);
        if (customDomain != null && !edge) {
            throw new BlueprintException(p + ".customDomain", "a custom domain needs the edge (its certificate and"
                    + " records front the CloudFront distributions)", "remove customDomain or set edge to true");
        }
    }

    /** An environment with the edge on (the default). */
    public Environment(String name, String account, List<String> regions, String primaryRegion, String alarmEmail,
                       CustomDomain customDomain, int logRetentionDays, boolean deletionProtection,
                       AccessLogs accessLogs, List<CustomRoute> customRoutes) {
        this(name, account, regions, primaryRegion, alarmEmail, customDomain, logRetentionDays, deletionProtection,
                accessLogs, customRoutes, true);
    }

    /** The account, or a synth-stopping error that says where to set it. */
    public String requireAccount() {
        if (account == null) {
            throw new BlueprintException("environments." + name + ".account", "no AWS account for environment '"
                    + name + "'", "set environments." + name + ".account (cdk.json context or Pulumi config) to a"
                    + " 12-digit account id");
        }
        return account;
    }

    /** The regions other than the primary one: each holds a replica of the global table. */
    public List<String> replicaRegions() {
        return regions.stream().filter(r -> !r.equals(primaryRegion)).toList();
    }

    /** The API Gateway stage name: the environment's name. */
    public String stageName() {
        return name;
    }

    public Environment withAccount(String a) {
        return new Environment(name, a, regions, primaryRegion, alarmEmail, customDomain, logRetentionDays,
                deletionProtection, accessLogs, customRoutes, edge);
    }

    public Environment withRegions(List<String> rs, String primary) {
        return new Environment(name, account, rs, primary, alarmEmail, customDomain, logRetentionDays,
                deletionProtection, accessLogs, customRoutes, edge);
    }

    public Environment withCustomRoutes(List<CustomRoute> routes) {
        return new Environment(name, account, regions, primaryRegion, alarmEmail, customDomain, logRetentionDays,
                deletionProtection, accessLogs, routes, edge);
    }

    /** This environment with the edge on or off. */
    public Environment withEdge(boolean on) {
        return new Environment(name, account, regions, primaryRegion, alarmEmail, customDomain, logRetentionDays,
                deletionProtection, accessLogs, customRoutes, on);
    }
}
