package dev.switchboard.blueprint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default environments and the parser that turns configuration (cdk.json context, Pulumi stack config, the local
 * runner's flags) into an {@link Environment}. Every renderer reads configuration through {@link #resolve}, so a typo
 * fails the same way everywhere.
 */
public final class Environments {
    /**
     * The setting that pins the origin secret's version in CDK templates (see {@link #originSecretVersion}); not a
     * component of {@link Environment}: only the CDK renderer reads it.
     */
    public static final String ORIGIN_SECRET_VERSION = "originSecretVersion";
    /**
     * The setting that turns the edge (CloudFront and the WAF web ACL) on or off: {@code environments.<name>.edge},
     * true or false, default true ({@link Environment#edge()}).
     */
    public static final String EDGE = "edge";
    private static final Set<String> KEYS = Set.of("account", "regions", "primaryRegion", "alarmEmail",
            "customDomain", "logRetentionDays", "deletionProtection", "accessLogs", "routes", ORIGIN_SECRET_VERSION,
            EDGE);

    private Environments() {
    }

    /**
     * dev: one region; staging and prod: three regions; prod keeps its data (deletion protection, RETAIN). All three
     * have the edge on.
     */
    public static Map<String, Environment> defaults() {
        Map<String, Environment> m = new LinkedHashMap<>();
        m.put("dev", new Environment("dev", null, List.of("us-east-1"), "us-east-1", null, null, 14, false,
                AccessLogs.OFF, List.of()));
        m.put("staging", new Environment("staging", null, List.of("us-east-1", "eu-west-1", "ap-northeast-1"),
                "us-east-1", null, null, 30, false, AccessLogs.OFF, List.of()));
        m.put("prod", new Environment("prod", null, List.of("us-east-1", "eu-west-1", "ap-northeast-1"),
                "us-east-1", null, null, 90, true, AccessLogs.OFF, List.of()));
        return Map.copyOf(m);
    }

    /**
     * The environment {@code name}: the default of that name (if any) with {@code config} laid over it.
     *
     * @param name   environment name, e.g. from {@code -c env=prod}
     * @param config the environment's settings (may be null or empty for a default environment)
     */
    public static Environment resolve(String name, Map<String, ?> config) {
        if (name == null || name.isBlank()) {
            throw new BlueprintException("env", "no environment chosen",
                    "pass one of " + new TreeSet<>(defaults().keySet()) + " (for CDK: -c env=dev)");
        }
        Environment base = defaults().get(name);
        Map<String, ?> c = config == null ? Map.of() : config;
        String p = "environments." + name;
        if (base == null && c.isEmpty()) {
            throw new BlueprintException("env", "unknown environment '" + name + "'",
                    "use one of " + new TreeSet<>(defaults().keySet()) + " or define environments." + name
                            + " with account, regions and primaryRegion");
        }
        for (String key : c.keySet()) {
            if (!KEYS.contains(key)) {
                throw new BlueprintException(p + "." + key, "unknown setting", "use one of " + new TreeSet<>(KEYS));
            }
        }
        originSecretVersion(name, c);
        List<String> regions = c.containsKey("regions") ? stringList(p + ".regions", c.get("regions"))
                : base == null ? null : base.regions();
        String primary = c.containsKey("primaryRegion") ? string(c.get("primaryRegion"))
                : base != null && regions != null && regions.contains(base.primaryRegion()) ? base.primaryRegion()
                : regions == null || regions.isEmpty() ? null : regions.get(0);
        return new Environment(name,
                c.containsKey("account") ? string(c.get("account")) : base == null ? null : base.account(),
                regions,
                primary,
                c.containsKey("alarmEmail") ? emptyToNull(string(c.get("alarmEmail"))) : base == null ? null : base.alarmEmail(),
                c.containsKey("customDomain") ? customDomain(p + ".customDomain", c.get("customDomain"))
                        : base == null ? null : base.customDomain(),
                c.containsKey("logRetentionDays") ? integer(p + ".logRetentionDays", c.get("logRetentionDays"))
                        : base == null ? 30 : base.logRetentionDays(),
                c.containsKey("deletionProtection") ? bool(p + ".deletionProtection", c.get("deletionProtection"))
                        : base != null && base.deletionProtection(),
                c.containsKey("accessLogs") ? accessLogs(p + ".accessLogs", c.get("accessLogs"))
                        : base == null ? AccessLogs.OFF : base.accessLogs(),
                c.containsKey("routes") ? routes(p + ".routes", c.get("routes"))
                        : base == null ? List.of() : base.customRoutes(),
                c.containsKey(EDGE) ? bool(p + "." + EDGE, c.get(EDGE)) : base == null || base.edge());
    }

    /**
     * The Secrets Manager version id of the origin secret that environment {@code name}'s CloudFront distributions
     * send ({@code environments.<name>.originSecretVersion}), or null (none set: the version labelled AWSCURRENT when
     * the distribution was last updated). A version id has 32 to 64 characters
     * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_SecretValueEntry.html, VersionId); this
     * accepts letters, digits, '-' and '_' (the UUIDs Secrets Manager and the AWS CLI generate), never a ':' that would
     * break the dynamic reference it goes into. The error never repeats the value (it might be a pasted secret).
     */
    public static String originSecretVersion(String name, Map<String, ?> config) {
        Object o = config == null ? null : config.get(ORIGIN_SECRET_VERSION);
        if (o == null || o.toString().isBlank()) {
            return null;
        }
        String v = o.toString().trim();
        if (!v.matches("[A-Za-z0-9_-]{32,64}")) {
            throw new BlueprintException("environments." + name + "." + ORIGIN_SECRET_VERSION, "is not a Secrets"
                    + " Manager version id (" + v.length() + " characters; a version id has 32-64 letters, digits,"
                    + " '-' or '_')", "set it to the VersionId that put-secret-value printed (describe-secret lists"
                    + " them), or remove it to send the version labelled AWSCURRENT");
        }
        return v;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    static List<String> stringList(String field, Object o) {
        if (o instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object e : l) {
                out.add(e == null ? null : e.toString().trim());
            }
            return out;
        }
        if (o instanceof String s) {
            return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
        }
        throw new BlueprintException(field, "expected a list of strings, got " + o, "write e.g. [\"us-east-1\"]");
    }

    static int integer(String field, Object o) {
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        if (o instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new BlueprintException(field, "expected a whole number, got '" + o + "'", "write a number such as 30");
    }

    static boolean bool(String field, Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new BlueprintException(field, "expected true or false, got '" + o + "'", "write true or false");
    }

    private static AccessLogs accessLogs(String field, Object o) {
        String s = string(o);
        for (AccessLogs a : AccessLogs.values()) {
            if (a.name().equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new BlueprintException(field, "'" + s + "' is not an access log mode",
                "use one of " + Arrays.toString(AccessLogs.values()));
    }

    private static CustomDomain customDomain(String field, Object o) {
        if (o == null) {
            return null;
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new BlueprintException(field, "expected an object", "write {\"domainName\":..., \"hostedZoneId\":...,"
                    + " \"hostedZoneName\":...}");
        }
        return new CustomDomain(string(m.get("domainName")), string(m.get("hostedZoneId")),
                string(m.get("hostedZoneName")));
    }

    private static List<CustomRoute> routes(String field, Object o) {
        if (!(o instanceof List<?> l)) {
            throw new BlueprintException(field, "expected a list of routes", "write [{\"routeKey\":\"typing\","
                    + " \"handler\":\"com.example.TypingHandler\"}]");
        }
        List<CustomRoute> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String f = field + "[" + i + "]";
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                throw new BlueprintException(f, "expected an object", "write {\"routeKey\":..., \"handler\":...}");
            }
            Object access = m.get("tableAccess");
            TableAccess ta = TableAccess.NONE;
            if (access != null) {
                try {
                    ta = TableAccess.valueOf(access.toString().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new BlueprintException(f + ".tableAccess", "'" + access + "' is not a table access",
                            "use NONE, READ or READ_WRITE");
                }
            }
            out.add(new CustomRoute(string(m.get("routeKey")), string(m.get("handler")),
                    m.containsKey("twoWay") && bool(f + ".twoWay", m.get("twoWay")), ta,
                    m.containsKey("managementApi") && bool(f + ".managementApi", m.get("managementApi"))));
        }
        return out;
    }
}
