package dev.switchboard.cost;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code switchboard cost}: a month of a deployment of the reference blueprint, from a traffic profile.
 *
 * <pre>
 * switchboard cost --daily-users 50000 --messages-per-user 100 --minutes-per-user 30 [--fanout 10 | --room-size 11]
 *                  [--ack-ratio 0]
 *                  [--message-kb 1] [--days 30] [--env dev|staging|prod] [--json] [--prices FILE]
 *                  [--ms-per-invocation MS] [--connections-per-user 1] [--rooms-per-connection 1]
 *                  [--eventually-consistent]
 *                  [--platform aws|cloudflare|azure|vercel | --compare] [--shards 64] [--cloudflare-plan pro]
 *                  [--no-hibernation] [--do-ms-per-event 10] [--peak-connections N] [--azure-instance-mb 2048]
 *                  [--azure-ms-per-execution 20] [--max-duration 300] [--vercel-memory-mb 2048]
 *                  [--connections-per-instance 1000]
 * </pre>
 * Exit codes: 0 estimate printed, 2 unusable input (the message says which flag and why).
 */
public final class CostCommand {
    static final String USAGE = String.join("\n",
            "usage: switchboard cost --daily-users N --messages-per-user N --minutes-per-user N [options]",
            "  --daily-users N           users connected on a day (required)",
            "  --messages-per-user N     messages each user sends per day (required)",
            "  --minutes-per-user N      minutes each user is connected per day (required)",
            "  --fanout N                recipients of each message: the other members of the room (default 1)",
            "  --room-size N             members of the sender's room, sender included (default fanout + 1); above",
            "                            limits.fanoutShardThreshold recipients a send takes the sharded path",
            "  --ack-ratio R             share of sends that ask for an ack, 0 to 1 (default 0: protocol v2 acks",
            "                            only on request)",
            "  --message-kb N            message size in KB, metered in 32 KB units (default 1)",
            "  --days N                  days of traffic in the month (default 30)",
            "  --env NAME                blueprint environment: dev, staging or prod (default dev)",
            "  --no-edge                 price the environment without CloudFront and WAF (environments.<env>.edge",
            "                            false): the API's own data transfer out instead",
            "  --connections-per-user N  connections each user opens per day (default 1)",
            "  --rooms-per-connection N  rooms each connection joins (default 1)",
            "  --eventually-consistent   price eventually consistent reads (the handlers read strongly consistent)",
            "  --ms-per-invocation MS    billed ms of every Lambda invocation (default: per route, from the measured",
            "                            CPU of BENCHMARKS.md section 7 at the function's vCPU share, plus waits)",
            "  --prices FILE             prices in the shape of cost/src/main/resources/prices.json",
            "  --json                    print {\"lines\":[...],\"totalUsd\":...} instead of a table",
            "  --platform P              aws (default), cloudflare (the Worker on Workers and Durable Objects),",
            "                            azure (Web PubSub, Functions Flex Consumption, Table Storage) or vercel",
            "                            (Vercel Functions on Fluid compute with Redis)",
            "  --compare                 price the profile on every platform, side by side, beside AWS AppSync",
            "                            Events for reference (managed pub/sub; the features it lacks are listed)",
            "cloudflare (with --platform cloudflare or --compare):",
            "  --shards N                connection shards, the stack's cloudflareShards (default 64)",
            "  --cloudflare-plan PLAN    the zone's plan for the rate-limiting rule: free, pro (default), business",
            "  --no-hibernation          price shards that cannot hibernate (WebSocket accept() instead of",
            "                            acceptWebSocket(): billed for all the time a socket is open)",
            "  --do-ms-per-event MS      wall-clock ms a Durable Object runs per event (default 10)",
            "azure and vercel (with --platform azure, --platform vercel or --compare):",
            "  --peak-connections N      connections open at once at the day's peak, which sizes Web PubSub units and",
            "                            Vercel instances (default twice the average: users x minutes / 1440)",
            "azure (with --platform azure or --compare):",
            "  --azure-instance-mb MB    the Function App's instance memory: 512, 2048 (default) or 4096",
            "  --azure-ms-per-execution MS  wall-clock ms of one function execution (default 20)",
            "vercel (with --platform vercel or --compare):",
            "  --max-duration S          the function's maximum duration; connections reconnect after it (default 300)",
            "  --vercel-memory-mb MB     an instance's memory (default 2048)",
            "  --connections-per-instance N  connections one instance holds (default 1000)");

    private static final Set<String> VALUED = Set.of("--daily-users", "--messages-per-user", "--minutes-per-user",
            "--fanout", "--message-kb", "--days", "--env", "--connections-per-user", "--rooms-per-connection",
            "--ms-per-invocation", "--prices", "--room-size", "--ack-ratio", "--platform", "--shards",
            "--cloudflare-plan", "--do-ms-per-event", "--peak-connections", "--azure-instance-mb",
            "--azure-ms-per-execution", "--max-duration", "--vercel-memory-mb", "--connections-per-instance");
    private static final Set<String> SWITCHES = Set.of("--json", "--eventually-consistent", "--help", "-h",
            "--compare", "--no-hibernation", "--no-edge");
    /** Flags that describe some platforms' deployments only, and those platforms; any other platform refuses them. */
    private static final Map<String, Set<Platform>> PLATFORM_FLAGS = platformFlags();
    private static final List<String> REQUIRED = List.of("--daily-users", "--messages-per-user", "--minutes-per-user");

    private CostCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Map<String, String> flags = parse(args);
            if (flags.containsKey("--help") || flags.containsKey("-h")) {
                out.println(USAGE);
                return 0;
            }
            Set<String> missing = new LinkedHashSet<>();
            for (String r : REQUIRED) {
                if (!flags.containsKey(r)) {
                    missing.add(r);
                }
            }
            if (!missing.isEmpty()) {
                throw new CostUsageException("missing " + String.join(", ", missing));
            }
            TrafficProfile profile = new TrafficProfile(
                    wholeNumber(flags, "--daily-users", null),
                    number(flags, "--messages-per-user", null),
                    fanout(flags),
                    number(flags, "--minutes-per-user", null),
                    number(flags, "--message-kb", 1d),
                    (int) Math.min(Integer.MAX_VALUE, wholeNumber(flags, "--days", 30L)),
                    number(flags, "--connections-per-user", 1d),
                    (int) Math.min(Integer.MAX_VALUE, wholeNumber(flags, "--rooms-per-connection", 1L)),
                    !flags.containsKey("--eventually-consistent"),
                    flags.containsKey("--ms-per-invocation") ? number(flags, "--ms-per-invocation", null) : null,
                    number(flags, "--ack-ratio", 0d));
            Set<Platform> platforms = platforms(flags);
            CloudflareDeployment cloudflare = cloudflare(flags);
            AzureDeployment azure = azure(flags);
            VercelDeployment vercel = vercel(flags);
            OpenConnections open = OpenConnections.of(profile, flags.containsKey("--peak-connections")
                    ? number(flags, "--peak-connections", null) : null);
            Blueprint blueprint = Blueprint.reference(environment(flags.getOrDefault("--env", "dev"))
                    .withEdge(!flags.containsKey("--no-edge")));
            PriceBook prices = flags.containsKey("--prices") ? PriceBook.fromFile(Path.of(flags.get("--prices")))
                    : PriceBook.defaults();
            Map<Platform, Estimate> estimates = new EnumMap<>(Platform.class);
            for (Platform p : platforms) {
                estimates.put(p, switch (p) {
                    case AWS -> CostModel.estimate(blueprint, profile, prices);
                    case CLOUDFLARE -> CloudflareModel.estimate(blueprint, profile, cloudflare, prices);
                    case AZURE -> AzureModel.estimate(blueprint, profile, azure, open, prices);
                    case VERCEL -> VercelModel.estimate(blueprint, profile, vercel, open, prices);
                });
            }
            boolean json = flags.containsKey("--json");
            if (flags.containsKey("--compare")) {
                Comparison c = new Comparison(estimates, List.of(Comparison.appSyncEvents(profile, prices)));
                out.print(json ? c.toJson() + System.lineSeparator() : c.toTable());
            } else {
                Estimate estimate = estimates.values().iterator().next();
                out.print(json ? estimate.toJson() + System.lineSeparator() : estimate.toTable());
            }
            return 0;
        } catch (CostUsageException e) {
            err.println("switchboard cost: " + e.getMessage());
            err.println("run 'switchboard cost --help' for the flags");
            return 2;
        }
    }

    private static Map<String, Set<Platform>> platformFlags() {
        Map<String, Set<Platform>> m = new HashMap<>();
        for (String f : List.of("--shards", "--cloudflare-plan", "--no-hibernation", "--do-ms-per-event")) {
            m.put(f, EnumSet.of(Platform.CLOUDFLARE));
        }
        for (String f : List.of("--ms-per-invocation", "--eventually-consistent", "--no-edge")) {
            m.put(f, EnumSet.of(Platform.AWS));
        }
        m.put("--peak-connections", EnumSet.of(Platform.AZURE, Platform.VERCEL));
        for (String f : List.of("--azure-instance-mb", "--azure-ms-per-execution")) {
            m.put(f, EnumSet.of(Platform.AZURE));
        }
        for (String f : List.of("--max-duration", "--vercel-memory-mb", "--connections-per-instance")) {
            m.put(f, EnumSet.of(Platform.VERCEL));
        }
        return Map.copyOf(m);
    }

    /**
     * The platforms to price: {@code --platform} (default aws), or all with {@code --compare}; a flag that describes
     * other platforms' deployments only is refused rather than ignored.
     */
    static Set<Platform> platforms(Map<String, String> flags) {
        if (flags.containsKey("--compare")) {
            if (flags.containsKey("--platform")) {
                throw new CostUsageException("--platform: --compare prices every platform. Fix: drop --platform "
                        + flags.get("--platform") + " or --compare");
            }
            return EnumSet.allOf(Platform.class);
        }
        Platform p = flags.containsKey("--platform") ? Platform.parse(flags.get("--platform")) : Platform.AWS;
        for (Map.Entry<String, Set<Platform>> e : new TreeMap<>(PLATFORM_FLAGS).entrySet()) {
            Set<Platform> owners = e.getValue();
            if (flags.containsKey(e.getKey()) && !owners.contains(p)) {
                String names = owners.stream().map(Platform::label).collect(Collectors.joining(" and "));
                String fix = owners.stream().map(o -> "--platform " + o.flag()).collect(Collectors.joining(" or "));
                throw new CostUsageException(e.getKey() + ": describes the " + names + " deployment, but the platform"
                        + " is " + p.flag() + ". Fix: add " + fix + " or --compare, or drop " + e.getKey());
            }
        }
        return EnumSet.of(p);
    }

    /** A whole-number flag as an int, clamped to the int range (the records refuse values outside their own). */
    private static int whole(Map<String, String> flags, String flag, int dflt) {
        long v = wholeNumber(flags, flag, (long) dflt);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    static AzureDeployment azure(Map<String, String> flags) {
        return new AzureDeployment(
                whole(flags, "--azure-instance-mb", AzureDeployment.DEFAULT_INSTANCE_MEMORY_MB),
                number(flags, "--azure-ms-per-execution", AzureDeployment.DEFAULT_MS_PER_EXECUTION));
    }

    static VercelDeployment vercel(Map<String, String> flags) {
        return new VercelDeployment(
                whole(flags, "--max-duration", VercelDeployment.DEFAULT_MAX_DURATION_SECONDS),
                whole(flags, "--vercel-memory-mb", VercelDeployment.DEFAULT_MEMORY_MB),
                whole(flags, "--connections-per-instance", VercelDeployment.DEFAULT_CONNECTIONS_PER_INSTANCE));
    }

    static CloudflareDeployment cloudflare(Map<String, String> flags) {
        return new CloudflareDeployment(whole(flags, "--shards", CloudflareDeployment.DEFAULT_SHARDS),
                flags.getOrDefault("--cloudflare-plan", CloudflareDeployment.DEFAULT_PLAN).trim()
                        .toLowerCase(java.util.Locale.ROOT),
                !flags.containsKey("--no-hibernation"),
                number(flags, "--do-ms-per-event", CloudflareDeployment.DEFAULT_MS_PER_EVENT));
    }

    /** Recipients per message: {@code --fanout}, or {@code --room-size} minus the sender; both must agree. */
    static long fanout(Map<String, String> flags) {
        if (!flags.containsKey("--room-size")) {
            return wholeNumber(flags, "--fanout", 1L);
        }
        long room = wholeNumber(flags, "--room-size", null);
        if (room < 1) {
            throw new CostUsageException("--room-size must be 1 or more (the sender is a member), got " + room);
        }
        if (flags.containsKey("--fanout") && wholeNumber(flags, "--fanout", null) != room - 1) {
            throw new CostUsageException("--fanout " + flags.get("--fanout") + " disagrees with --room-size " + room
                    + ": a room of " + room + " has " + (room - 1) + " recipients; give one of the two");
        }
        return room - 1;
    }

    /**
     * The blueprint environment {@code name}: one of {@link Environments#defaults()} (the estimator prices the
     * checked-in environments, with no configuration file).
     */
    static Environment environment(String name) {
        Set<String> known = new TreeSet<>(Environments.defaults().keySet());
        if (!known.contains(name)) {
            throw new CostUsageException("--env: unknown environment '" + name + "'; use one of "
                    + String.join(", ", known));
        }
        try {
            return Environments.resolve(name, Map.of());
        } catch (BlueprintException e) {
            throw new CostUsageException("--env " + name + ": " + e.getMessage());
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (SWITCHES.contains(name)) {
                if (value != null) {
                    throw new CostUsageException(name + " takes no value");
                }
                flags.put(name, "true");
            } else if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new CostUsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                if (flags.put(name, value) != null) {
                    throw new CostUsageException(name + " is given twice");
                }
            } else {
                throw new CostUsageException("unknown flag '" + a + "'");
            }
        }
        return flags;
    }

    private static double number(Map<String, String> flags, String flag, Double dflt) {
        String v = flags.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new CostUsageException(flag + " must be a number, got '" + v + "'");
        }
    }

    private static long wholeNumber(Map<String, String> flags, String flag, Long dflt) {
        String v = flags.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new CostUsageException(flag + " must be a whole number, got '" + v + "'");
        }
    }
}
