package dev.switchboard.pulumi;

import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Regions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole Switchboard environment, the public entry point for a user's own Pulumi Java program: one explicit AWS
 * provider per region of the environment (restricted to the environment's account), with the edge (the default, {@link
 * Environment#edge()}) {@link EdgeProtection} in us-east-1, the {@link ConnectionTable} in the primary region with its
 * replicas, one regional {@link Switchboard} per region, each allowed to manage the connections of every region's
 * stage, and with a custom domain the {@link GlobalDomain} in front of the regions' latency-routed {@link
 * RegionalDomain}s.  <pre>{@code Pulumi.run(ctx -> { Blueprint bp = Blueprint.reference(Environments.resolve("dev",
 * Map.of("account", "123456789012"))); var sb = new SwitchboardEnvironment("chat", SwitchboardArgs.of(bp, new
 * SwitchboardSecrets( ctx.config().requireSecret("jwtSecret"), ctx.config().requireSecret("originSecret"))), null);
 * ctx.export("websocketUrls", sb.websocketUrls()); }); }</pre>
 */
public final class SwitchboardEnvironment extends ComponentResource {
    public static final String TYPE = "switchboard:index:SwitchboardEnvironment";

    private final Blueprint blueprint;
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Provider edgeProvider;
    private final EdgeProtection edgeProtection;
    private final ConnectionTable table;
    private final Map<String, Switchboard> regions = new LinkedHashMap<>();
    private final GlobalDomain globalDomain;

    /** @param options component options, or null */
    public SwitchboardEnvironment(String name, SwitchboardArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        this.blueprint = args.system();
        Environment env = blueprint.environment();
        String account = env.requireAccount();
        for (String region : env.regions()) {
            providers.put(region, provider(name + "-aws-" + region, region, account));
        }
        this.edgeProvider = !env.edge() ? null : providers.containsKey(Regions.EDGE_REGION)
                ? providers.get(Regions.EDGE_REGION) : provider(name + "-aws-edge", Regions.EDGE_REGION, account);

        this.edgeProtection = !env.edge() ? null : new EdgeProtection(name + "-edge-protection", blueprint,
                Placement.of(blueprint, Regions.EDGE_REGION, edgeProvider), this);
        Map<String, Placement> replicaPlacements = new LinkedHashMap<>();
        env.replicaRegions().forEach(r -> replicaPlacements.put(r, Placement.of(blueprint, r, providers.get(r))));
        this.table = new ConnectionTable(name + "-connection-table", blueprint,
                Placement.of(blueprint, env.primaryRegion(), providers.get(env.primaryRegion())), replicaPlacements,
                this, args.adoptInlineReplicas());
        // the custom domain's validation records, once per name, with the edge provider (or the primary region's
        // without the edge): Route 53 is global, and that provider stays whichever regions come and go
        Certificates certificates = env.customDomain() == null ? null : new Certificates(edgeProvider != null
                ? Placement.of(blueprint, Regions.EDGE_REGION, edgeProvider)
                : Placement.of(blueprint, env.primaryRegion(), providers.get(env.primaryRegion())), this);
        for (String region : env.regions()) {
            regions.put(region, new Switchboard(name + "-" + region, args,
                    Placement.of(blueprint, region, providers.get(region)), this, table, edgeProtection, certificates));
        }
        this.globalDomain = env.customDomain() == null ? null
                : new GlobalDomain(name + "-domain", blueprint,
                        Placement.of(blueprint, Regions.EDGE_REGION, edgeProvider), this,
                        edgeProtection.webAclArn(), args.secrets().originSecret(), certificates);
        List<Output<String>> connectionArns = new ArrayList<>();
        regions.values().forEach(s -> connectionArns.add(s.endpoint().connectionsArn()));
        regions.values().forEach(s -> s.grantManagementApi(connectionArns));
        Map<String, Output<?>> outputs = new LinkedHashMap<>(Map.of(
                "websocketUrls", websocketUrls(),
                "callbackUrls", callbackUrls(),
                "tableName", table.tableName()));
        if (edgeProtection != null) {
            outputs.put("webAclArn", edgeProtection.webAclArn());
        }
        registerOutputs(outputs);
    }

    private Provider provider(String logicalName, String region, String account) {
        return new Provider(logicalName, ProviderArgs.builder()
                .region(region)
                .allowedAccountIds(List.of(account))
                .build(), CustomResourceOptions.builder().parent(this).build());
    }

    private Output<Map<String, String>> byRegion(java.util.function.Function<Switchboard, Output<String>> f) {
        List<String> keys = new ArrayList<>(regions.keySet());
        return Output.all(regions.values().stream().map(f).toList()).applyValue(values -> {
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < keys.size(); i++) {
                m.put(keys.get(i), values.get(i));
            }
            return m;
        });
    }

    /** Region to the URL clients use: {@code wss://<cloudfront domain>}, without the edge the execute-api URL. */
    public Output<Map<String, String>> websocketUrls() {
        return byRegion(Switchboard::websocketUrl);
    }

    /** Region to the {@code @connections} endpoint of its stage. */
    public Output<Map<String, String>> callbackUrls() {
        return byRegion(s -> s.endpoint().callbackUrl());
    }

    /** Region to its CloudWatch dashboard's name. */
    public Output<Map<String, String>> dashboards() {
        return byRegion(s -> s.monitoring().dashboard().dashboardName());
    }

    /** What is deployed: the arguments' blueprint plus their extra routes ({@link SwitchboardArgs#system()}). */
    public Blueprint blueprint() {
        return blueprint;
    }

    /** The regional Switchboards, by region, in the environment's order. */
    public Map<String, Switchboard> regions() {
        return java.util.Collections.unmodifiableMap(regions);
    }

    public Switchboard region(String region) {
        Switchboard s = regions.get(region);
        if (s == null) {
            throw new IllegalArgumentException("no region '" + region + "' in " + regions.keySet());
        }
        return s;
    }

    public ConnectionTable connectionTable() {
        return table;
    }

    /** The custom domain's edge half, or null without a custom domain. */
    public GlobalDomain globalDomain() {
        return globalDomain;
    }

    /** The edge web ACL, its alarms and dashboard, or null without the edge. */
    public EdgeProtection edgeProtection() {
        return edgeProtection;
    }

    /** The provider of a region of the environment. */
    public Provider provider(String region) {
        return providers.get(region);
    }

    /** The us-east-1 provider of the web ACL and the WAF alarms, or null without the edge. */
    public Provider edgeProvider() {
        return edgeProvider;
    }
}
