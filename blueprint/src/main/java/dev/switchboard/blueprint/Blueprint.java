package dev.switchboard.blueprint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole system for one environment: functions, routes, authorizer, tables, limits, alarms and where it runs.
 * The CDK app, the Pulumi program and the local API render this one record; none of them re-types a route, a limit
 * or a region. Validated on construction.
 *
 * @param name        the system name (default {@code switchboard}): the prefix of every physical name
 *                    ({@link PhysicalNames}), so that two systems deploy side by side in one account and region
 * @param functions   the Lambda functions
 * @param routes      the WebSocket routes
 * @param authorizer  the {@code $connect} authorizer, or null for an open API
 * @param dataModel   the tables
 * @param limits      message, rate, throttling and WAF limits
 * @param alarms      alarms per resource kind
 * @param environment where and how it is deployed
 */
public record Blueprint(String name, List<FunctionSpec> functions, List<Route> routes, AuthorizerSpec authorizer,
                        DataModel dataModel, Limits limits, List<AlarmSpec> alarms, Environment environment) {
    /** The default system name. */
    public static final String DEFAULT_NAME = "switchboard";
    /** Package of the bundled reference handlers. */
    public static final String HANDLERS = "dev.switchboard.lambdas.";
    /** The alias every integration, the authorizer and every permission target (SnapStart runs on versions). */
    public static final String LIVE_ALIAS = "live";
    /** The Lambda runtime of every function (SnapStart-capable; bytecode is release 17). */
    public static final String RUNTIME = "java21";
    /** The header CloudFront adds with the origin secret; the authorizer requires it on AWS. */
    public static final String ORIGIN_HEADER = "x-switchboard-origin";

    public Blueprint {
        PhysicalNames.requireSystemName(name);
        functions = List.copyOf(functions == null ? List.of() : functions);
        routes = List.copyOf(routes == null ? List.of() : routes);
        alarms = List.copyOf(alarms == null ? List.of() : alarms);
        if (dataModel == null) {
            throw new BlueprintException("dataModel", "must be set", "use DataModel.reference()");
        }
        if (limits == null) {
            throw new BlueprintException("limits", "must be set", "use Limits.defaults()");
        }
        if (environment == null) {
            throw new BlueprintException("environment", "must be set", "use Environments.resolve(name, config)");
        }
        if (routes.isEmpty()) {
            throw new BlueprintException("routes", "the route list is empty",
                    "add at least $connect, $disconnect and $default (Blueprint.reference has them)");
        }
        Check.unique("functions", functions, FunctionSpec::name);
        Check.unique("routes", routes, Route::routeKey);
        Set<String> names = new HashSet<>();
        functions.forEach(f -> names.add(f.name()));
        Set<String> used = new HashSet<>();
        for (Route r : routes) {
            if (!names.contains(r.function())) {
                throw new BlueprintException("routes." + r.routeKey() + ".function", "no function '" + r.function() + "'",
                        "add a function of that name or use one of " + names);
            }
            used.add(r.function());
        }
        Route connect = routes.stream().filter(r -> r.routeKey().equals(Route.CONNECT)).findFirst().orElse(null);
        if (authorizer != null) {
            if (!names.contains(authorizer.function())) {
                throw new BlueprintException("authorizer.function", "no function '" + authorizer.function() + "'",
                        "add the authorizer function");
            }
            if (connect == null || !connect.authorized()) {
                throw new BlueprintException("routes.$connect.authorized", "an authorizer is configured but $connect"
                        + " does not use it", "add a $connect route with authorized = true, or remove the authorizer");
            }
            used.add(authorizer.function());
        } else if (connect != null && connect.authorized()) {
            throw new BlueprintException("authorizer", "$connect is authorized but no authorizer is configured",
                    "configure an AuthorizerSpec");
        }
        for (String n : names) {
            if (!used.contains(n)) {
                throw new BlueprintException("functions." + n, "no route or authorizer uses it",
                        "route to it or remove it");
            }
        }
        dataModel.connections();
        List<String> deployed = new ArrayList<>(functions.stream().map(FunctionSpec::name).toList());
        deployed.add(FanoutSpec.FUNCTION_NAME);
        PhysicalNames.all(name, environment, deployed, dataModel.tables(), alarms);
    }

    /** The reference Switchboard named {@code switchboard} for {@code environment}, plus its custom routes. */
    public static Blueprint reference(Environment environment) {
        return reference(DEFAULT_NAME, environment);
    }

    /**
     * The reference Switchboard named {@code name} for {@code environment}, plus its custom routes; its functions'
     * memory sizes and where each comes from: {@link ReferenceMemory}.
     */
    public static Blueprint reference(String name, Environment environment) {
        String h = HANDLERS;
        List<FunctionSpec> fns = List.of(
                FunctionSpec.of("authorizer", h + "AuthorizerHandler").withJwtSecret()
                        .withMemoryMb(ReferenceMemory.AUTHORIZER_MB),
                FunctionSpec.of("connect", h + "ConnectHandler").withTableAccess(TableAccess.READ_WRITE)
                        .withManagementApi().withMemoryMb(ReferenceMemory.CONNECT_MB),
                FunctionSpec.of("disconnect", h + "DisconnectHandler").withTableAccess(TableAccess.READ_WRITE)
                        .withManagementApi().withMemoryMb(ReferenceMemory.DISCONNECT_MB),
                FunctionSpec.of("default", h + "DefaultHandler").withMemoryMb(ReferenceMemory.DEFAULT_MB),
                FunctionSpec.of("rooms", h + "RoomsHandler").withTableAccess(TableAccess.READ_WRITE)
                        .withManagementApi().withMemoryMb(ReferenceMemory.ROOMS_MB),
                FunctionSpec.of("send", h + "SendHandler").withTableAccess(TableAccess.READ_WRITE)
                        .withManagementApi().withMemoryMb(ReferenceMemory.SEND_MB),
                FunctionSpec.of("whisper", h + "WhisperHandler").withTableAccess(TableAccess.READ_WRITE)
                        .withManagementApi().withMemoryMb(ReferenceMemory.WHISPER_MB),
                FunctionSpec.of("ping", h + "PingHandler").withMemoryMb(ReferenceMemory.PING_MB));
        List<Route> routes = List.of(
                new Route(Route.CONNECT, "connect", false, true),
                new Route(Route.DISCONNECT, "disconnect", false, false),
                new Route(Route.DEFAULT, "default", true, false),
                new Route("join", "rooms", true, false),
                new Route("members", "rooms", true, false),
                new Route("leave", "rooms", true, false),
                // one-way: a two-way route sends (and bills) a message even when the handler returns no body, so
                // these handlers post their ack (when asked) and errors themselves (docs/protocol.md)
                new Route("send", "send", false, false),
                new Route("whisper", "whisper", false, false),
                new Route("ping", "ping", true, false));
        Blueprint b = new Blueprint(name, fns, routes,
                AuthorizerSpec.reference("authorizer"), DataModel.reference(),
                Limits.defaults(), AlarmSpec.defaults(), environment);
        for (CustomRoute r : environment.customRoutes()) {
            b = b.withCustomRoute(r);
        }
        return b;
    }

    /** This blueprint plus a user's route and its function. */
    public Blueprint withCustomRoute(CustomRoute r) {
        FunctionSpec fn = FunctionSpec.of(r.functionName(), r.handler()).withTableAccess(r.tableAccess());
        if (r.managementApi()) {
            fn = fn.withManagementApi();
        }
        List<FunctionSpec> fns = new ArrayList<>(functions);
        fns.add(fn);
        List<Route> rs = new ArrayList<>(routes);
        rs.add(new Route(r.routeKey(), fn.name(), r.twoWay(), false));
        return new Blueprint(name, fns, rs, authorizer, dataModel, limits, alarms, environment);
    }

    /** This system under another name (every physical name changes with it, see {@link PhysicalNames}). */
    public Blueprint withName(String systemName) {
        return new Blueprint(systemName, functions, routes, authorizer, dataModel, limits, alarms, environment);
    }

    /** The physical names of this system in its environment. */
    public PhysicalNames names() {
        return PhysicalNames.of(this);
    }

    public Blueprint withLimits(Limits l) {
        return new Blueprint(name, functions, routes, authorizer, dataModel, l, alarms, environment);
    }

    public Blueprint withEnvironment(Environment e) {
        return new Blueprint(name, functions, routes, authorizer, dataModel, limits, alarms, e);
    }

    public Blueprint withFunctions(List<FunctionSpec> fns) {
        return new Blueprint(name, fns, routes, authorizer, dataModel, limits, alarms, environment);
    }

    /** The function with that name, among the {@link #deployedFunctions()}. */
    public FunctionSpec function(String fnName) {
        return deployedFunctions().stream().filter(f -> f.name().equals(fnName)).findFirst()
                .orElseThrow(() -> new BlueprintException("functions", "no function '" + fnName + "'",
                        "use one of " + functions.stream().map(FunctionSpec::name).toList()));
    }

    /** The routes integrated with that function. */
    public List<Route> routesOf(String fnName) {
        return routes.stream().filter(r -> r.function().equals(fnName)).toList();
    }

    /** The route with that key, or null. */
    public Route route(String routeKey) {
        return routes.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst().orElse(null);
    }

    /** The authorizer's function, or null. */
    public FunctionSpec authorizerFunction() {
        return authorizer == null ? null : function(authorizer.function());
    }

    /**
     * The variables every renderer sets from the limits, merged with the function's own; renderers add the
     * endpoints ({@link EnvVars#TABLE_NAME}, {@link EnvVars#CALLBACK_URL}, secrets).
     */
    public Map<String, String> staticEnvironment(FunctionSpec fn) {
        Map<String, String> env = new TreeMap<>();
        env.put(EnvVars.MAX_DATA_BYTES, Integer.toString(limits.maxDataBytes()));
        env.put(EnvVars.RATE_PER_SECOND, Integer.toString(limits.messageRatePerSecond()));
        env.put(EnvVars.RATE_BURST, Integer.toString(limits.messageBurst()));
        env.put(EnvVars.PRESENCE_MAX_MEMBERS, Integer.toString(limits.presenceMaxMembers()));
        env.put(EnvVars.BROADCAST_CONCURRENCY, Integer.toString(limits.broadcastConcurrency()));
        env.put(EnvVars.CONNECTION_TTL_SECONDS, Long.toString(limits.connectionTtl().toSeconds()));
        env.put(EnvVars.MAX_TOKEN_BYTES, Integer.toString(limits.maxTokenBytes()));
        env.put(EnvVars.MEMBERS_PAGE_SIZE, Integer.toString(limits.membersPageSize()));
        env.put(EnvVars.MAX_CONNECTIONS_PER_USER, Integer.toString(limits.maxConnectionsPerUser()));
        env.put(EnvVars.SECRET_MAX_AGE_SECONDS, Long.toString(limits.secretMaxAge().toSeconds()));
        env.put(EnvVars.FANOUT_SHARD_THRESHOLD, Integer.toString(limits.fanoutShardThreshold()));
        env.put(EnvVars.FANOUT_SHARD_SIZE, Integer.toString(limits.fanoutShardSize()));
        env.put(EnvVars.SERVICE_NAME, name);
        env.putAll(fn.environment());
        return env;
    }

    /** The sharded fan-out path: its queue, dead-letter queue and consuming function (docs/fanout.md). */
    public FanoutSpec fanout() {
        return FanoutSpec.of(limits);
    }

    /**
     * Every function a renderer deploys: the route and authorizer functions, then the fan-out function (which the
     * queue invokes, not a route). Each gets its role, logs, grants and alarms from its {@link FunctionSpec}.
     */
    public List<FunctionSpec> deployedFunctions() {
        List<FunctionSpec> all = new ArrayList<>(functions);
        all.add(fanout().function());
        return List.copyOf(all);
    }

    /** Physical name of the fan-out queue: {@link PhysicalNames#fanoutQueue()}. */
    public String fanoutQueueName() {
        return names().fanoutQueue();
    }

    /** The {@code iss} the authorizer requires on AWS unless configured: the system name. */
    public String defaultJwtIssuer() {
        return name;
    }

    /** The {@code aud} the authorizer requires on AWS unless configured: {@code <name>-<env>}. */
    public String defaultJwtAudience() {
        return name + "-" + environment.name();
    }

    /** Physical table name: {@link PhysicalNames#table(TableSpec)}. */
    public String tableName(TableSpec t) {
        return names().table(t);
    }

    /** Physical function name: {@link PhysicalNames#function(String)}. */
    public String functionName(FunctionSpec fn) {
        return names().function(fn.name());
    }
}
