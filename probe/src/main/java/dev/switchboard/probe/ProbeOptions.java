package dev.switchboard.probe;

import dev.switchboard.devkit.DevTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one probe run checks and how hard it may push. The limits it checks and paces against cannot be read from a
 * remote stack, so they are options whose defaults are the blueprint's ({@code Limits.defaults()}); give the
 * deployed values when the blueprint was changed.
 *
 * @param targets          one per {@code --url}; two or more (with regions) enable the cross-region case
 * @param members          connections in the broadcast case
 * @param junit            where to write JUnit XML, or null
 * @param json             print a JSON report instead of lines
 * @param tokenFile        {@code --token-file}, or null (then {@code SWITCHBOARD_PROBE_TOKENS})
 * @param signingKeyFile   {@code --signing-key-file}, or null (then {@code SWITCHBOARD_PROBE_SIGNING_KEY})
 * @param issuer           {@code iss} of minted tokens
 * @param audience         {@code aud} of minted tokens
 * @param maxDataBytes     blueprint {@code limits.maxDataBytes}
 * @param messageBurst     blueprint {@code limits.messageBurst}
 * @param messageRate      blueprint {@code limits.messageRatePerSecond}
 * @param stageRate        blueprint {@code limits.stageRateLimit}
 * @param stageBurst       blueprint {@code limits.stageBurstLimit}
 * @param wafRatePerIp     blueprint {@code limits.wafRatePerIp}
 * @param share            fraction of the stage throttle the probe may use (of the WAF rule: {@link Pacer#WAF_SHARE})
 * @param timeout          longest wait for one expected frame or close
 * @param crossRegionBound how long a send may take to reach a member in another region
 * @param only             run only cases whose name contains this, or null
 */
public record ProbeOptions(List<Target> targets, int members, Path junit, boolean json, Path tokenFile,
                           Path signingKeyFile, String issuer, String audience, int maxDataBytes, int messageBurst,
                           int messageRate, double stageRate, int stageBurst, int wafRatePerIp, double share,
                           Duration timeout, Duration crossRegionBound, String only) {
    /** The most connections the broadcast case may open. */
    public static final int MAX_MEMBERS = 100;

    public ProbeOptions {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--url is required: the stack's WebSocketUrl output, or"
                    + " ws://127.0.0.1:8080/dev for ./switchboard local");
        }
        if (members < 2 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("--members " + members + ": must be 2 to " + MAX_MEMBERS
                    + " (the probe's connections are bounded)");
        }
        if (share <= 0 || share > 0.5) {
            throw new IllegalArgumentException("--share " + share + ": must be above 0 and at most 0.5");
        }
    }

    /** Parses the command line (after {@code probe}). */
    public static ProbeOptions parse(String[] args) {
        List<String> urls = new ArrayList<>();
        String management = null;
        String region = null;
        int members = 5;
        Path junit = null;
        boolean json = false;
        Path tokenFile = null;
        Path keyFile = null;
        String issuer = DevTokens.DEFAULT_ISSUER;
        String audience = DevTokens.DEFAULT_AUDIENCE;
        int maxData = 16 * 1024;
        int burst = 20;
        int rate = 10;
        double stageRate = 500;
        int stageBurst = 1000;
        int waf = 1000;
        double share = 0.1;
        Duration timeout = Duration.ofSeconds(10);
        Duration bound = Duration.ofSeconds(5);
        String only = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
                continue;
            }
            if (a.equals("--token") || a.startsWith("--token=")) {
                throw new IllegalArgumentException("--token: tokens never go on the command line (ps and CI logs"
                        + " show it). Fix: --token-file FILE or SWITCHBOARD_PROBE_TOKENS");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value (./switchboard probe --help)");
            }
            String v = args[++i];
            switch (a) {
                case "--url" -> urls.add(v);
                case "--management-url" -> management = v;
                case "--region" -> region = v;
                case "--members" -> members = integer(a, v);
                case "--junit" -> junit = Path.of(v);
                case "--token-file" -> tokenFile = Path.of(v);
                case "--signing-key-file" -> keyFile = Path.of(v);
                case "--issuer" -> issuer = v;
                case "--audience" -> audience = v;
                case "--max-data-bytes" -> maxData = integer(a, v);
                case "--message-burst" -> burst = integer(a, v);
                case "--message-rate" -> rate = integer(a, v);
                case "--stage-rate" -> stageRate = integer(a, v);
                case "--stage-burst" -> stageBurst = integer(a, v);
                case "--waf-rate-per-ip" -> waf = integer(a, v);
                case "--share" -> share = Double.parseDouble(v);
                case "--timeout" -> timeout = duration(a, v);
                case "--cross-region-bound" -> bound = duration(a, v);
                case "--only" -> only = v;
                default -> throw new IllegalArgumentException("unknown option " + a + " (./switchboard probe --help)");
            }
        }
        return new ProbeOptions(targets(urls, management, region), members, junit, json, tokenFile, keyFile, issuer,
                audience, maxData, burst, rate, stageRate, stageBurst, waf, share, timeout, bound, only);
    }

    /**
     * {@code --url URL} once, with {@code --management-url} and {@code --region}; or {@code --url REGION=URL} (or
     * {@code REGION=URL,MANAGEMENT_URL}) once per region, which enables the cross-region case.
     */
    static List<Target> targets(List<String> urls, String management, String region) {
        List<Target> out = new ArrayList<>();
        for (String u : urls) {
            int eq = u.indexOf('=');
            boolean tagged = eq > 0 && !u.substring(0, eq).contains("/") && !u.substring(0, eq).contains(":");
            if (tagged) {
                String[] parts = u.substring(eq + 1).split(",", 2);
                URI m = parts.length > 1 ? URI.create(parts[1]) : (urls.size() == 1 && management != null ? URI.create(management) : null);
                out.add(new Target(u.substring(0, eq), URI.create(parts[0]), m));
            } else {
                if (urls.size() > 1) {
                    throw new IllegalArgumentException("--url " + u + ": with several --url, tag each with its region."
                            + " Fix: --url us-east-1=wss://... --url eu-west-1=wss://...");
                }
                URI url = URI.create(u);
                URI m = management != null ? URI.create(management)
                        : Target.isLoopback(url) ? Target.localManagement(url) : null;
                String r = region != null ? region : Target.regionOf(m);
                out.add(new Target(r != null ? r : "us-east-1", url, m));
            }
        }
        return out;
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + v + "': not a whole number");
        }
    }

    private static Duration duration(String flag, String v) {
        String t = v.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " '" + v + "': write e.g. 10s or 500ms");
    }

    /** The same options against other targets (tests). */
    public ProbeOptions withTargets(List<Target> t) {
        return new ProbeOptions(t, members, junit, json, tokenFile, signingKeyFile, issuer, audience, maxDataBytes,
                messageBurst, messageRate, stageRate, stageBurst, wafRatePerIp, share, timeout, crossRegionBound, only);
    }
}
